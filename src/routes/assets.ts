import { createRouter } from "../env";
import { FEED_CSS, FEED_STYLESHEET_FILE } from "../render/feed-css";
import { SITE_CSS, STYLESHEET_FILE } from "../render/site-css";
import { LOGO_PATH, LOGO_PNG_BASE64 } from "../render/site-logo";

export const assetRoutes = createRouter();

// Pages link the content-hashed name, so it never changes meaning and can be cached for a year.
// An older hash (a page cached across a deploy) still gets the current sheet, briefly cached.
assetRoutes.get("/assets/:file{site\\.[0-9a-f]{8}\\.css}", (c) => {
  const current = c.req.param("file") === STYLESHEET_FILE;
  c.header("content-type", "text/css; charset=utf-8");
  c.header("cache-control", current ? "public, max-age=31536000, immutable" : "public, max-age=300");
  return c.body(SITE_CSS);
});

// The feeds' browser view (<?xml-stylesheet?>), under the same content-hashed naming.
assetRoutes.get("/assets/:file{feed\\.[0-9a-f]{8}\\.css}", (c) => {
  const current = c.req.param("file") === FEED_STYLESHEET_FILE;
  c.header("content-type", "text/css; charset=utf-8");
  c.header("cache-control", current ? "public, max-age=31536000, immutable" : "public, max-age=300");
  return c.body(FEED_CSS);
});

// Site icon: a red square with the first character of the site title's mark, as SVG (no binary asset).
const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="#a4161a"/><path d="M18 18h28v6H25v5h18v6H25v5h21v6H18z" fill="#fff"/></svg>`;

assetRoutes.get("/favicon.svg", (c) => {
  c.header("content-type", "image/svg+xml");
  c.header("cache-control", "public, max-age=86400");
  return c.body(FAVICON_SVG);
});

// Browsers and feed readers ask for /favicon.ico by habit.
assetRoutes.get("/favicon.ico", (c) => c.redirect("/favicon.svg", 301));

const LOGO_PNG = Uint8Array.from(atob(LOGO_PNG_BASE64), (ch) => ch.charCodeAt(0));

assetRoutes.get(LOGO_PATH, (c) => {
  c.header("content-type", "image/png");
  c.header("cache-control", "public, max-age=86400");
  return c.body(LOGO_PNG);
});
