import { DeskLayout, Notice } from "./desk-layout";
import { EditorFields } from "./editor-fields";
import { editorSubPath } from "./editor-paths";
import type { EditorPageProps } from "./editor-types";
import { ErrorLinks } from "./error-links";
import { PublishControls } from "./publish-controls";
import { StatusButtons } from "./status-buttons";

export function EditorPage(props: EditorPageProps) {
  const s = props.chrome.strings;
  const action = props.articleId === null ? "/desk/articles" : `/desk/articles/${props.articleId}`;
  const title = props.articleId === null ? s.newArticle : `${s.edit}: ${props.fields.get("title") ?? ""}`;
  return (
    <DeskLayout chrome={props.chrome} title={title}>
      {props.notice ? <Notice kind={props.notice.kind}>{props.notice.text}</Notice> : null}
      <ErrorLinks errors={props.errors} strings={s} />
      {props.articleId !== null ? (
        <p>
          <a href={`/desk/articles/${props.articleId}/revisions`}>{s.revisions}</a>
        </p>
      ) : null}
      <form method="post" action={action} novalidate>
        <input type="hidden" name="_csrf" value={props.chrome.signedIn?.formToken ?? ""} />
        {props.version !== null ? <input type="hidden" name="version" value={String(props.version)} /> : null}
        <EditorFields {...props} />
        <div class="actions">
          <button
            type="submit"
            name="_preview"
            value="1"
            formaction={editorSubPath(props.articleId, "preview")}
            formtarget="_blank"
          >
            {s.preview}
          </button>
          <StatusButtons strings={s} canPublish={props.canPublish} />
        </div>
      </form>
      {props.controls ? <PublishControls chrome={props.chrome} buttons={props.controls} /> : null}
    </DeskLayout>
  );
}
