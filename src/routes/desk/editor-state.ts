import type { EditorPageProps } from "../../render/desk/editor-types";

/** The article an editor form was opened on, and what was typed into it. */
export type OpenedEditor = Pick<EditorPageProps, "articleId" | "version" | "fields">;

export interface EditorState extends OpenedEditor {
  errors?: EditorPageProps["errors"];
  notice?: EditorPageProps["notice"];
  /** "authors" or "editors" when the editor asked for one more row. */
  extraRow?: string;
  controls?: EditorPageProps["controls"];
}
