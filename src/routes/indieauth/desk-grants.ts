import { findTokenById, revokeTokenById } from "../../db/indieauth-codes";
import { hasScope } from "../../domain/token-scope";
import { formFields, requireSameOrigin, requireSessionWrite } from "../desk/guard";
import { deskRouter } from "../desk/router";
import { forbiddenPage } from "../desk/sign-in";

/** Revoking an app's token from the sessions page (admins, like the page itself). */
export const indieauthDeskGrants = deskRouter();

indieauthDeskGrants.post("/indieauth/tokens/revoke", requireSameOrigin, requireSessionWrite, async (c) => {
  if (!hasScope(c.var.token, "admin")) return forbiddenPage(c);
  const id = (await formFields(c)).get("token") ?? "";
  const row = /^tok_[A-Za-z0-9_-]{12}$/.test(id) ? await findTokenById(c.var.db, id) : undefined;
  // Only app tokens: hand-minted ones are revoked with npm run token.
  if (row?.clientId) await revokeTokenById(c.var.db, row.id, c.var.now);
  return c.redirect("/desk/sessions", 303);
});
