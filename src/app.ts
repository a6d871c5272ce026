import { createAppShell } from "./routes/app-shell";
import { mountEditorRoutes } from "./routes/editor-routes";
import { notFoundResponse } from "./routes/html-response";
import { mountReadRoutes } from "./routes/read-routes";

/** The complete Worker: the read routes (src/read-worker.ts serves the same set alone), then the editor's. */
export function createApp() {
  return createAppShell([mountReadRoutes, mountEditorRoutes], notFoundResponse);
}
