import { shortHash } from "../lib/short-hash";

// The only stylesheet: served from /assets under a content-hashed name, so it can be cached for a year
// and the CSP can forbid inline styles. Colours meet WCAG AA on white (text 16:1, muted 7.5:1, links 8:1).
export const SITE_CSS = `
:root{color-scheme:light;--text:#1b1b1b;--muted:#555;--link:#0b4f9c;--accent:#a4161a;--rule:#dcdcdc;--soft:#f5f5f3}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;color:var(--text);background:#fff;font-size:1.0625rem;line-height:1.7;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif}
html:lang(zh) body{line-height:1.8;
font-family:"PingFang SC","Hiragino Sans GB","Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",system-ui,sans-serif}
a{color:var(--link);text-underline-offset:.15em}
a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid #1a5fd0;outline-offset:2px}
.skip-link{position:absolute;left:-9999px;top:0}
.skip-link:focus{left:1rem;top:.5rem;background:#fff;padding:.25rem .5rem;z-index:1}
.wrap{max-width:46rem;margin-inline:auto;padding-inline:1rem}
.site-header{border-bottom:3px solid var(--accent)}
.site-header .wrap{display:flex;flex-wrap:wrap;align-items:baseline;justify-content:space-between;gap:.25rem 1rem;padding-block:.75rem}
.site-title{font-size:1.25rem;font-weight:700;color:var(--accent);text-decoration:none}
.site-description{margin:0;font-size:.875rem;color:var(--muted)}
.site-search{display:block;flex:1 1 14rem;max-width:22rem;align-self:center}
.site-search form{display:flex;gap:.25rem}
.site-search input{flex:1;min-width:0;font:inherit;font-size:1rem;padding:.3rem .5rem;border:1px solid var(--muted);border-radius:4px}
.site-search button{font:inherit;font-size:1rem;padding:.3rem .75rem;border:1px solid var(--accent);border-radius:4px;background:var(--accent);color:#fff}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.search-snippet{margin:.5rem 0 0}
mark{background:#fff3a8;color:inherit;padding:0 .05em}
.search-message{padding:.75rem 1rem;background:var(--soft);border-left:4px solid var(--accent)}
main{display:block;padding-block:1.5rem 3rem}
.breadcrumb ol{list-style:none;margin:0 0 1rem;padding:0;display:flex;flex-wrap:wrap;font-size:.875rem;color:var(--muted)}
.breadcrumb li+li::before{content:"›";padding:0 .45em}
h1{font-size:clamp(1.5rem,5vw,2.125rem);line-height:1.35;margin:.25rem 0 .5rem}
.subtitle{font-size:1.125rem;color:var(--muted);margin:0 0 1rem}
.meta{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;margin:0 0 1.5rem;padding-bottom:1rem;
border-bottom:1px solid var(--rule);font-size:.875rem;color:var(--muted)}
.meta .updated{flex-basis:100%}
.lead-image{margin:0 0 1.75rem}
img{max-width:100%;height:auto}
.lead-image img,.article-body img{display:block}
figcaption{margin-top:.5rem;font-size:.875rem;line-height:1.6;color:var(--muted)}
.credit{display:block;font-size:.8125rem}
.article-body{font-size:1.125rem;overflow-wrap:break-word}
html:lang(zh) .article-body p{text-align:justify}
.article-body h2{font-size:1.3rem;line-height:1.45;margin:2.25rem 0 .75rem;padding-left:.6rem;border-left:4px solid var(--accent)}
.article-body h3{font-size:1.15rem;margin:1.75rem 0 .5rem}
.article-body blockquote{margin:1.5rem 0;padding:.25rem 1rem;border-left:4px solid var(--rule);background:var(--soft)}
.article-body figure{margin:1.5rem 0}
.article-body pre{overflow-x:auto;padding:.75rem;background:var(--soft)}
.article-body table{display:block;overflow-x:auto;border-collapse:collapse}
.article-body th,.article-body td{border:1px solid var(--rule);padding:.25rem .5rem}
.article-footer{margin-top:2.5rem;padding-top:1rem;border-top:1px solid var(--rule);font-size:.9375rem;color:var(--muted)}
.article-footer p{margin:.25rem 0}
.tags ul{list-style:none;display:flex;flex-wrap:wrap;gap:.5rem;margin:1rem 0 0;padding:0}
.tags a{display:inline-block;padding:.1rem .7rem;border:1px solid var(--rule);border-radius:999px;font-size:.875rem;text-decoration:none}
.listing h1{font-size:1.5rem;margin-top:0}
.listing-intro{margin:0 0 .5rem;color:var(--muted)}
.article-list{list-style:none;margin:0;padding:0}
.article-list>li{padding:1.25rem 0;border-bottom:1px solid var(--rule)}
.article-list h2{font-size:1.25rem;line-height:1.45;margin:0 0 .25rem}
.article-list h2 a{color:var(--text);text-decoration:none}
.article-list h2 a:hover{color:var(--link);text-decoration:underline}
.article-list .subtitle{font-size:1rem;margin:0 0 .25rem}
.article-list .meta{margin:0;padding:0;border:0}
.summary{margin:.5rem 0 0}
.pager{display:flex;flex-wrap:wrap;justify-content:space-between;gap:1rem;margin-top:1.5rem}
.site-footer{border-top:1px solid var(--rule);font-size:.875rem;color:var(--muted)}
.site-footer .wrap{padding-block:1rem}
.feed-links{margin:.25rem 0}
.feed-links a{white-space:nowrap}
.api-docs h3{font-size:1.05rem;margin:2rem 0 .25rem;overflow-wrap:anywhere}
.api-docs code{font-size:.9em;overflow-wrap:anywhere}
.api-docs ul,.api-docs dl{padding-left:1.25rem}
.api-docs section{border-top:1px solid var(--rule);margin-top:1.5rem}
.api-docs table{display:block;max-width:100%;overflow-x:auto;border-collapse:collapse;font-size:.9375rem;margin:.75rem 0}
.api-docs caption{text-align:left;font-weight:600}
.api-docs th,.api-docs td{border:1px solid var(--rule);padding:.25rem .5rem;text-align:left;vertical-align:top}
.api-docs th{background:var(--soft)}
.api-docs dd{margin:0 0 .5rem}
@media (min-width:64rem){body{font-size:1.125rem}}
@media print{
.skip-link,.site-footer,.pager,.breadcrumb,.site-search{display:none}
body{font-size:11pt;line-height:1.6;color:#000}
.wrap{max-width:none;padding:0}
.site-header{border-bottom:1px solid #000}
a{color:inherit;text-decoration:none}
.article-body a[href^="http"]::after{content:" <" attr(href) ">";font-size:.85em}
h1,h2,h3{break-after:avoid}
figure,blockquote,img,tr{break-inside:avoid}
}
`.trim();

export const STYLESHEET_FILE = `site.${shortHash(SITE_CSS)}.css`;
export const STYLESHEET_PATH = `/assets/${STYLESHEET_FILE}`;
