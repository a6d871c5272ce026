import { PREVIEW_CSS_PATH } from "./preview-css";

/** Sits above the article on every preview, so nobody mistakes it for the published page. */
export function PreviewBanner(props: { text: string; detail?: string }) {
  return (
    <div class="preview-banner" role="note" data-preview-banner="">
      <link rel="stylesheet" href={PREVIEW_CSS_PATH} />
      <p>{props.text}</p>
      {props.detail ? <p>{props.detail}</p> : null}
    </div>
  );
}
