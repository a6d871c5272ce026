import { articlesSearch } from "./api/articles-search";
import { articlesWrite } from "./api/articles-write";
import { apiDocs } from "./api-docs";
import type { App } from "./app-shell";
import { deskRoutes } from "./desk";
import { indieauthTokenRoutes } from "./indieauth/token";
import { mediaUpload } from "./media";
import { micropub } from "./micropub";
import { searchRoutes } from "./search";

/**
 * Everything that is not the public read surface: writes, the desk, Micropub, IndieAuth's endpoints,
 * the API docs, search and the editors' revision list. In a split deployment only the editor Worker (the
 * complete one) has these; the read Worker forwards them to it.
 */
export function mountEditorRoutes(app: App): void {
  app.route("/api/v1/articles", articlesSearch);
  app.route("/api/v1/articles", articlesWrite);
  app.route("/api/v1/media", mediaUpload);
  app.route("/micropub", micropub);
  app.route("/api", apiDocs);
  app.route("/desk", deskRoutes as unknown as App);
  app.route("/", indieauthTokenRoutes);
  // Search (/search, its feeds, the API's ?q=): the Traditional→Simplified fold table and ranking cost the
  // read Worker ≈ 14 KiB gzip, which its 120 KiB ceiling cannot carry.
  app.route("/", searchRoutes);
}
