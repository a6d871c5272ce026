import { MAX_MEDIA_BYTES } from "../../services/media";
import { editorErrors } from "./editor-errors";
import { renderEditor } from "./editor-view";
import { type DeskContext, formFields, requireSameOrigin, requireSessionWrite } from "./guard";
import { deskRouter } from "./router";
import { uploadFromDesk } from "./write";

// The editor's "Upload image" button posts the whole form as multipart; the form comes back with
// the stored image's URL, size and type filled in and everything else as typed (nothing is saved).

/** Room for the rest of the form and the multipart framing around a maximal image. */
export const DESK_UPLOAD_MAX_BYTES = MAX_MEDIA_BYTES + 1024 * 1024;
export const UPLOAD_FIELD = "image[file]";

export const deskMedia = deskRouter();

deskMedia.post("/articles/new/media", requireSameOrigin, requireSessionWrite, (c) => upload(c, null));

deskMedia.post("/articles/:id{[0-9]{1,15}}/media", requireSameOrigin, requireSessionWrite, (c) =>
  upload(c, Number(c.req.param("id"))),
);

async function upload(c: DeskContext, articleId: number | null) {
  const fields = await formFields(c);
  const version = Number(fields.get("version"));
  const opened = { articleId, version: articleId !== null && Number.isSafeInteger(version) ? version : null };
  const file = (await c.req.formData()).get(UPLOAD_FIELD);
  const bytes =
    file && typeof file !== "string" ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
  const result = await uploadFromDesk(c, bytes);
  if (result.kind === "refused") {
    const problem = result.problem;
    const { notice } = editorErrors({ ...problem, errors: [] }, { authors: [], editors: [] }, c.var.strings);
    const details = (problem.errors ?? []).map((e) => e.detail);
    const errors = new Map([[UPLOAD_FIELD, details.length ? details : [problem.detail ?? problem.title]]]);
    return renderEditor(
      c,
      {
        ...opened,
        fields,
        errors,
        notice: { kind: "error", text: `${c.var.strings.uploadFailed} ${notice.text}` },
      },
      problem.status,
    );
  }
  const { media } = result;
  const filled = new Map(fields);
  filled.set("image[url]", media.path);
  filled.set("image[type]", media.type);
  filled.set("image[length]", String(media.length));
  for (const key of ["width", "height"] as const) {
    const value = media[key];
    if (value) filled.set(`image[${key}]`, String(value));
    else filled.delete(`image[${key}]`);
  }
  return renderEditor(c, { ...opened, fields: filled, notice: { kind: "ok", text: c.var.strings.uploaded } });
}

/** Desk bodies are small forms, except an upload: its own, larger cap (checked before reading). */
export function deskBodyCap(path: string): number | null {
  return /^\/desk\/articles\/(?:new|[0-9]{1,15})\/media$/.test(path) ? DESK_UPLOAD_MAX_BYTES : null;
}
