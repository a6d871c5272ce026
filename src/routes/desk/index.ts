import { bodyLimit } from "hono/body-limit";
import { problem } from "../../lib/problem";
import { MAX_BODY_BYTES } from "../../lib/validate";
import { DESK_CSS } from "../../render/desk/desk-css";
import { deskArticles } from "./articles";
import { deskConflict } from "./conflict-routes";
import { deskHeaders, loadSession } from "./guard";
import { deskRevisions } from "./revisions";
import { deskRouter } from "./router";
import { signIn } from "./sign-in";

/** The editor desk, mounted at /desk. */
export const deskRoutes = deskRouter();

deskRoutes.get("/desk.css", (c) => {
  c.header("cache-control", "public, max-age=300");
  return c.body(DESK_CSS, 200, { "content-type": "text/css; charset=utf-8" });
});

deskRoutes.use("*", deskHeaders);
deskRoutes.use(
  "*",
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw problem({ status: 413, type: "payload-too-large", title: "Request body too large" });
    },
  }),
);
deskRoutes.use("*", loadSession);
deskRoutes.route("/", signIn);
deskRoutes.route("/", deskArticles);
deskRoutes.route("/", deskConflict);
deskRoutes.route("/", deskRevisions);
