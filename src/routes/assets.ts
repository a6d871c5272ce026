import { createRouter } from "../env";
import { SITE_CSS, STYLESHEET_FILE } from "../render/site-css";

export const assetRoutes = createRouter();

// Pages link the content-hashed name, so it never changes meaning and can be cached for a year.
// An older hash (a page cached across a deploy) still gets the current sheet, briefly cached.
assetRoutes.get("/assets/:file{site\\.[0-9a-f]{8}\\.css}", (c) => {
  const current = c.req.param("file") === STYLESHEET_FILE;
  c.header("content-type", "text/css; charset=utf-8");
  c.header("cache-control", current ? "public, max-age=31536000, immutable" : "public, max-age=300");
  return c.body(SITE_CSS);
});
