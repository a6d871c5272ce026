import type { Child } from "hono/jsx";
import { editorSubPath } from "./editor-paths";
import type { EditorPageProps, FieldErrors } from "./editor-types";
import type { DeskStrings } from "./strings";
import { offsetLabel } from "./strings";

interface FieldContext {
  fields: ReadonlyMap<string, string>;
  errors: FieldErrors;
}

/** Every field of the article model, named exactly as the API names it. */
export function EditorFields(props: EditorPageProps) {
  const s = props.chrome.strings;
  const ctx: FieldContext = { fields: props.fields, errors: props.errors };
  const offset = props.fields.get("publishedAt[offset]") || props.siteOffset;
  return (
    <>
      <fieldset>
        <legend>{s.title}</legend>
        <Text ctx={ctx} name="title" label={s.title} />
        <Text ctx={ctx} name="subtitle" label={s.subtitle} />
        <Area ctx={ctx} name="summary" label={s.summary} rows={3} />
        <div class="row">
          <Text ctx={ctx} name="section" label={s.section} hint={s.sectionHint} />
          <Text ctx={ctx} name="tags" label={s.tags} hint={s.tagsHint} />
        </div>
        <div class="row">
          <Text ctx={ctx} name="language" label={s.languageTag} />
          <Text ctx={ctx} name="slug" label={s.slug} />
        </div>
      </fieldset>

      <RepeatedRows
        legend={s.authors}
        rows={props.authorRows}
        add={{ list: "authors", label: s.addAuthor }}
        row={(i) => (
          <div class="row">
            <Text ctx={ctx} name={`authors[${i}][name]`} label={`${s.name} ${i + 1}`} />
            <Text ctx={ctx} name={`authors[${i}][title]`} label={`${s.jobTitle} ${i + 1}`} />
            <Text ctx={ctx} name={`authors[${i}][url]`} label={`${s.url} ${i + 1}`} type="url" />
          </div>
        )}
      />

      <RepeatedRows
        legend={s.editors}
        rows={props.editorRows}
        add={{ list: "editors", label: s.addEditor }}
        row={(i) => <Text ctx={ctx} name={`editors[${i}][name]`} label={`${s.name} ${i + 1}`} />}
      />

      <fieldset>
        <legend>{s.publishedAt}</legend>
        <Errors ctx={ctx} name="publishedAt" />
        <div class="row">
          <Text ctx={ctx} name="publishedAt[date]" label={s.date} type="date" />
          <Text ctx={ctx} name="publishedAt[time]" label={s.time} type="time" step="1" />
          <Text
            ctx={ctx}
            name="publishedAt[offset]"
            label={s.utcOffset}
            value={offset}
            hint={offsetLabel(offset, props.chrome.lang)}
          />
        </div>
      </fieldset>

      <fieldset>
        <legend>{s.source}</legend>
        <div class="row">
          <Text ctx={ctx} name="source[name]" label={`${s.source} · ${s.name}`} />
          <Text ctx={ctx} name="source[url]" label={`${s.source} · ${s.url}`} type="url" />
        </div>
      </fieldset>

      <fieldset>
        <legend>{s.image}</legend>
        <Text ctx={ctx} name="image[url]" label={s.imageUrl} />
        <ImageUpload ctx={ctx} s={s} action={editorSubPath(props.articleId, "media")} />
        <Text ctx={ctx} name="image[caption]" label={s.caption} />
        <div class="row">
          <Text ctx={ctx} name="image[credit]" label={s.credit} />
          <Text ctx={ctx} name="image[alt]" label={s.alt} />
        </div>
        {["width", "height", "type", "length"].map((key) => {
          const value = ctx.fields.get(`image[${key}]`);
          return value ? <input type="hidden" name={`image[${key}]`} value={value} /> : null;
        })}
      </fieldset>

      <fieldset>
        <legend>{s.printEdition}</legend>
        <div class="row">
          <Text ctx={ctx} name="printEdition[publication]" label={s.publication} />
          <Text ctx={ctx} name="printEdition[date]" label={`${s.printEdition} · ${s.date}`} type="date" />
          <Text ctx={ctx} name="printEdition[page]" label={s.page} />
          <Text ctx={ctx} name="printEdition[section]" label={`${s.printEdition} · ${s.section}`} />
        </div>
      </fieldset>

      <fieldset>
        <legend>{s.body}</legend>
        <BodyFormat ctx={ctx} s={s} />
        <Area ctx={ctx} name="body" label={s.body} rows={18} />
      </fieldset>
    </>
  );
}

/** JS off: the upload button posts the whole form (multipart) and the form comes back with the image filled. */
function ImageUpload(props: { ctx: FieldContext; s: DeskStrings; action: string }) {
  const name = "image[file]";
  const id = controlId(name);
  const errors = props.ctx.errors.get(name) ?? [];
  return (
    <div class="upload">
      <label for={id}>{props.s.imageFile}</label>
      <input
        type="file"
        id={id}
        name={name}
        accept="image/jpeg,image/png,image/webp,image/gif,image/avif"
        aria-invalid={errors.length ? "true" : undefined}
        aria-describedby={errors.length ? `${id}-error` : undefined}
      />
      <button
        type="submit"
        name="_upload"
        value="1"
        formaction={props.action}
        formenctype="multipart/form-data"
      >
        {props.s.upload}
      </button>
      <Errors ctx={props.ctx} name={name} />
    </div>
  );
}

function BodyFormat(props: { ctx: FieldContext; s: DeskStrings }) {
  const current = props.ctx.fields.get("bodyFormat") || "markdown";
  return (
    <>
      <label for="field-bodyFormat">{props.s.bodyFormat}</label>
      <select id="field-bodyFormat" name="bodyFormat">
        <option value="markdown" selected={current === "markdown"}>
          {props.s.markdown}
        </option>
        <option value="html" selected={current === "html"}>
          {props.s.html}
        </option>
      </select>
      <Errors ctx={props.ctx} name="bodyFormat" />
    </>
  );
}

/** A fieldset of numbered rows (authors, editors) and the button that asks for one more. */
function RepeatedRows(props: {
  legend: string;
  rows: number;
  add: { list: "authors" | "editors"; label: string };
  row: (index: number) => Child;
}) {
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      {range(props.rows).map(props.row)}
      <button type="submit" name="_add" value={props.add.list}>
        {props.add.label}
      </button>
    </fieldset>
  );
}

interface ControlProps {
  ctx: FieldContext;
  name: string;
  label: string;
  hint?: string;
}

function Text(props: ControlProps & { type?: string; value?: string; step?: string }) {
  const id = controlId(props.name);
  const errors = props.ctx.errors.get(props.name) ?? [];
  const describedBy = [props.hint ? `${id}-hint` : "", errors.length ? `${id}-error` : ""].filter(Boolean);
  return (
    <div>
      <label for={id}>{props.label}</label>
      <input
        type={props.type ?? "text"}
        id={id}
        name={props.name}
        value={props.value ?? props.ctx.fields.get(props.name) ?? ""}
        step={props.step}
        aria-invalid={errors.length ? "true" : undefined}
        aria-describedby={describedBy.length ? describedBy.join(" ") : undefined}
      />
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      <Errors ctx={props.ctx} name={props.name} />
    </div>
  );
}

function Area(props: ControlProps & { rows: number }) {
  const id = controlId(props.name);
  const errors = props.ctx.errors.get(props.name) ?? [];
  return (
    <div>
      <label for={id}>{props.label}</label>
      <textarea
        id={id}
        name={props.name}
        rows={props.rows}
        aria-invalid={errors.length ? "true" : undefined}
        aria-describedby={errors.length ? `${id}-error` : undefined}
      >
        {props.ctx.fields.get(props.name) ?? ""}
      </textarea>
      <Errors ctx={props.ctx} name={props.name} />
    </div>
  );
}

function Errors(props: { ctx: FieldContext; name: string }) {
  const errors = props.ctx.errors.get(props.name) ?? [];
  if (errors.length === 0) return null;
  return (
    <p class="field-error" id={`${controlId(props.name)}-error`} data-field={props.name}>
      {errors.join("; ")}
    </p>
  );
}

/** `authors[0][name]` → `field-authors-0-name`: a valid, unique id per control. */
export function controlId(name: string): string {
  return `field-${name.replace(/\]\[|\[|\]/g, "-").replace(/-+$/, "")}`;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
