/** Where the editor's extra submit buttons post: `/desk/articles/new/…` or `/desk/articles/<id>/…`. */
export function editorSubPath(articleId: number | null, what: "preview" | "media"): string {
  return `/desk/articles/${articleId === null ? "new" : articleId}/${what}`;
}
