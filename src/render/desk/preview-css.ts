// The preview banner's only styles: the article below it uses the public stylesheet unchanged.
export const PREVIEW_CSS_PATH = "/desk/preview.css";

export const PREVIEW_CSS = `.preview-banner{position:sticky;top:0;z-index:10;margin:0 0 1rem;padding:.6rem 1rem;
background:#7a1f00;color:#fff;font:600 1rem/1.4 system-ui,sans-serif;border-radius:0 0 .25rem .25rem}
.preview-banner p{margin:0}`;
