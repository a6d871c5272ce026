import type { DeskChrome } from "./desk-layout";
import { DeskLayout, Notice } from "./desk-layout";

/** Which lifecycle buttons an article shows; computed from its state and the token's scopes. */
export interface LifecycleButtons {
  articleId: number;
  version: number;
  unpublish: boolean;
  delete: boolean;
  restore: boolean;
  /** Signed preview links: for articles readers cannot see yet. */
  previewLink: boolean;
}

export const PREVIEW_LINK_DAYS = [1, 3, 7, 14, 30] as const;

/** Forms of their own (forms cannot nest), after the editor form. */
export function PublishControls(props: { chrome: DeskChrome; buttons: LifecycleButtons }) {
  const s = props.chrome.strings;
  const b = props.buttons;
  const base = `/desk/articles/${b.articleId}`;
  const hidden = (
    <>
      <input type="hidden" name="_csrf" value={props.chrome.signedIn?.formToken ?? ""} />
      <input type="hidden" name="version" value={String(b.version)} />
    </>
  );
  const action = (name: "unpublish" | "delete" | "restore", label: string) => (
    <button type="submit" name="action" value={name}>
      {label}
    </button>
  );
  const any = b.unpublish || b.delete || b.restore;
  return (
    <>
      {any ? (
        <form method="post" action={`${base}/lifecycle`} class="lifecycle" aria-label={s.lifecycle}>
          {hidden}
          <div class="actions">
            {b.unpublish ? action("unpublish", s.unpublish) : null}
            {b.restore ? action("restore", s.restore) : null}
            {b.delete ? action("delete", s.deleteArticle) : null}
          </div>
        </form>
      ) : null}
      {b.previewLink ? (
        <form method="post" action={`${base}/preview-link`} class="preview-link" aria-label={s.previewLink}>
          {hidden}
          <label for="field-preview-days">{s.previewLinkDays}</label>
          <select id="field-preview-days" name="days">
            {PREVIEW_LINK_DAYS.map((days) => (
              <option value={String(days)} selected={days === 7}>
                {String(days)}
              </option>
            ))}
          </select>
          <button type="submit">{s.createPreviewLink}</button>
        </form>
      ) : null}
    </>
  );
}

export function PreviewLinkPage(props: {
  chrome: DeskChrome;
  articleId: number;
  link: { href: string; expires: string } | null;
}) {
  const s = props.chrome.strings;
  return (
    <DeskLayout chrome={props.chrome} title={s.previewLink}>
      {props.link ? (
        <>
          <p>{s.previewLinkReady}</p>
          <p>
            <a href={props.link.href} class="preview-href">
              {props.link.href}
            </a>
          </p>
          <p>{s.previewLinkExpires.replace("{time}", props.link.expires)}</p>
        </>
      ) : (
        <Notice kind="error">{s.previewsOff}</Notice>
      )}
      <p>
        <a href={`/desk/articles/${props.articleId}/edit`}>{s.edit}</a>
      </p>
    </DeskLayout>
  );
}
