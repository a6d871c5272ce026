import type { Child } from "hono/jsx";
import type { DeskChrome } from "./desk-layout";
import type { LifecycleButtons } from "./publish-controls";

/** Form control name → the problem details that point at it. */
export type FieldErrors = ReadonlyMap<string, string[]>;

export interface EditorPageProps {
  chrome: DeskChrome;
  /** null for a new article. */
  articleId: number | null;
  version: number | null;
  fields: ReadonlyMap<string, string>;
  authorRows: number;
  editorRows: number;
  errors: FieldErrors;
  /** Problems no field owns (scope, conflict), shown on top. */
  notice: { kind: "error" | "ok"; text: Child } | null;
  canPublish: boolean;
  siteOffset: string;
  /** Lifecycle and preview-link buttons of a saved article (absent on a new one). */
  controls?: LifecycleButtons | null;
}
