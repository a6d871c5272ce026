import { articlesRead } from "./api/articles-read";
import type { App } from "./app-shell";
import { assetRoutes } from "./assets";
import { publicPreview } from "./desk/preview-public";
import { feedRoutes } from "./feeds";
import { indieauthMetadataRoutes } from "./indieauth/metadata";
import { mediaFiles } from "./media";
import { pageRoutes } from "./pages";
import { problemDocs } from "./problem-docs";
import { sitemapRoutes } from "./sitemaps";

/**
 * The public read surface: GET/HEAD only, served by the read Worker of a split deployment and mounted
 * first in the complete Worker. No path here overlaps src/routes/editor-routes.ts, and every route
 * falls through (next) on a path it does not own, so mounting these before the editor's routes answers
 * exactly what the editor's routes first would.
 */
export function mountReadRoutes(app: App): void {
  // Constant route: liveness for npm start and the ceiling figure for benchmarks.
  app.get("/health", (c) => c.json({ ok: true }));
  app.route("/api/v1/articles", articlesRead);
  app.route("/problems", problemDocs);
  app.route("/media", mediaFiles);
  app.route("/preview", publicPreview);
  app.route("/", indieauthMetadataRoutes);
  app.route("/", feedRoutes);
  app.route("/", pageRoutes);
  app.route("/", sitemapRoutes);
  app.route("/", assetRoutes);
}
