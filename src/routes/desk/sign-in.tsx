import { resumeDeskSession, SESSION_ABSOLUTE_MS, startDeskSession } from "../../auth/desk-session";
import { assertAuthAllowed, recordAuthFailure } from "../../auth/rate-limit";
import { hashToken, verifyToken } from "../../auth/tokens";
import { consumeLoginCode, deleteDeskSession, listDeskSessions } from "../../db/desk-sessions";
import { listClientTokens } from "../../db/indieauth-codes";
import { hasScope } from "../../domain/token-scope";
import { renderDeskDocument } from "../../render/desk/desk-layout";
import { LoginPage } from "../../render/desk/login-page";
import { MessagePage } from "../../render/desk/message-page";
import { SessionsPage } from "../../render/desk/sessions-page";
import { chromeFor } from "./chrome";
import {
  asAppContext,
  type DeskContext,
  formFields,
  requireSameOrigin,
  requireSessionPage,
  requireSessionWrite,
  sessionCookie,
} from "./guard";
import { deskRouter } from "./router";

// Sign-in (pasted token or one-time link), sign-out, and the admin's list of sessions.

export const signIn = deskRouter();

signIn.get("/login", (c) => {
  const back = returnPath(c.req.query("return"));
  if (c.var.session) return c.redirect(back ?? "/desk", 303);
  return c.html(renderDeskDocument(<LoginPage chrome={chromeFor(c)} failure={null} returnTo={back} />));
});

/** Where sign-in may send the editor back to: a desk path only (the IndieAuth consent page). */
function returnPath(value: string | undefined): string | null {
  return value && /^\/desk\/[^/\\]/.test(value) && !/[\s\\]/.test(value) ? value : null;
}

signIn.post("/login", requireSameOrigin, async (c) => {
  await assertAuthAllowed(asAppContext(c));
  const fields = await formFields(c);
  const secret = (fields.get("token") ?? "").trim();
  const back = returnPath(fields.get("return"));
  const token = await verifyToken(c.var.db, secret, c.var.now);
  if (!token) {
    await recordAuthFailure(asAppContext(c));
    const page = <LoginPage chrome={chromeFor(c)} failure={c.var.strings.signInFailed} returnTo={back} />;
    return c.html(renderDeskDocument(page), 401);
  }
  return startSession(c, token.id, back ?? "/desk");
});

// The one-click link `npm start` prints: a single-use code worth one session.
signIn.get("/login/:code{[A-Za-z0-9_-]{43}}", async (c) => {
  await assertAuthAllowed(asAppContext(c));
  const tokenId = await consumeLoginCode(c.var.db, await hashToken(c.req.param("code")), c.var.now);
  if (tokenId) return startSession(c, tokenId);
  await recordAuthFailure(asAppContext(c));
  const page = <LoginPage chrome={chromeFor(c)} failure={c.var.strings.linkInvalid} />;
  return c.html(renderDeskDocument(page), 404);
});

signIn.post("/logout", requireSameOrigin, requireSessionWrite, async (c) => {
  const session = c.var.session;
  if (session) await deleteDeskSession(c.var.db, session.idHash);
  c.header("set-cookie", sessionCookie(c.var.site, "", 0));
  return c.redirect("/desk/login", 303);
});

signIn.get("/sessions", requireSessionPage, async (c) => {
  if (!hasScope(c.var.token, "admin")) return forbiddenPage(c);
  const sessions = await listDeskSessions(c.var.db, c.var.now);
  const apps = await listClientTokens(c.var.db, c.var.now);
  const current = c.var.session?.idHash ?? "";
  return c.html(
    renderDeskDocument(
      <SessionsPage chrome={chromeFor(c)} sessions={sessions} currentHash={current} appTokens={apps} />,
    ),
  );
});

signIn.post("/sessions/end", requireSameOrigin, requireSessionWrite, async (c) => {
  if (!hasScope(c.var.token, "admin")) return forbiddenPage(c);
  const idHash = (await formFields(c)).get("session") ?? "";
  if (/^[0-9a-f]{64}$/.test(idHash)) await deleteDeskSession(c.var.db, idHash);
  return c.redirect(idHash === c.var.session?.idHash ? "/desk/login" : "/desk/sessions", 303);
});

async function startSession(c: DeskContext, tokenId: string, then = "/desk") {
  const id = await startDeskSession(c.var.db, tokenId, c.var.now);
  // A code may outlive its token: the session is only kept if the token still signs in.
  if (!(await resumeDeskSession(c.var.db, id, c.var.now))) {
    const page = <LoginPage chrome={chromeFor(c)} failure={c.var.strings.linkInvalid} />;
    return c.html(renderDeskDocument(page), 404);
  }
  c.header("set-cookie", sessionCookie(c.var.site, id, SESSION_ABSOLUTE_MS / 1000));
  return c.redirect(then, 303);
}

export function forbiddenPage(c: DeskContext) {
  return c.html(
    renderDeskDocument(<MessagePage chrome={chromeFor(c)} text={c.var.strings.forbidden} />),
    403,
  );
}
