import { bodyLimit } from "hono/body-limit";
import { problem } from "../../lib/problem";
import { MAX_BODY_BYTES } from "../../lib/validate";
import { DESK_CSS } from "../../render/desk/desk-css";
import { tooLarge } from "../../services/media";
import { consentFormAction, indieauthAuthorize } from "../indieauth/authorize";
import { indieauthDeskGrants } from "../indieauth/desk-grants";
import { deskArticles } from "./articles";
import { deskConflict } from "./conflict-routes";
import { deskHeaders, loadSession } from "./guard";
import { deskLifecycle } from "./lifecycle";
import { DESK_UPLOAD_MAX_BYTES, deskBodyCap, deskMedia } from "./media";
import { deskPreview } from "./preview";
import { deskRevisions } from "./revisions";
import { deskRouter } from "./router";
import { signIn } from "./sign-in";

/** The editor desk, mounted at /desk. */
export const deskRoutes = deskRouter();

deskRoutes.get("/desk.css", (c) => {
  c.header("cache-control", "public, max-age=300");
  return c.body(DESK_CSS, 200, { "content-type": "text/css; charset=utf-8" });
});

deskRoutes.use("/indieauth/*", consentFormAction);
deskRoutes.use("*", deskHeaders);
const formBodyLimit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw problem({ status: 413, type: "payload-too-large", title: "Request body too large" });
  },
});
const uploadBodyLimit = bodyLimit({
  maxSize: DESK_UPLOAD_MAX_BYTES,
  onError: () => {
    throw tooLarge();
  },
});
deskRoutes.use("*", (c, next) => (deskBodyCap(c.req.path) ? uploadBodyLimit : formBodyLimit)(c, next));
deskRoutes.use("*", loadSession);
deskRoutes.route("/", signIn);
deskRoutes.route("/", deskArticles);
deskRoutes.route("/", deskConflict);
deskRoutes.route("/", deskRevisions);
deskRoutes.route("/", deskPreview);
deskRoutes.route("/", deskMedia);
deskRoutes.route("/", deskLifecycle);
deskRoutes.route("/", indieauthAuthorize);
deskRoutes.route("/", indieauthDeskGrants);
