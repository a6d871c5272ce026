import { shortHash } from "../lib/short-hash";

// What a browser shows for /feed.xml and /atom.xml (and their pages and archives): the XML documents
// name this sheet in <?xml-stylesheet type="text/css"?>. CSS, not XSLT: browsers are removing XSLT,
// and feed readers ignore the processing instruction. Every element is hidden except the few a person
// needs; a note says what the page is, and the document's own self link is shown as the address to copy.
export const FEED_CSS = `
@namespace atom url(http://www.w3.org/2005/Atom);
:root{display:block;max-width:46rem;margin:0 auto;padding:1rem;color:#1b1b1b;background:#fff;font-size:1.0625rem;line-height:1.7;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif}
:root *{display:none}
:root::before{display:block;margin:0 0 1.25rem;padding:.75rem 1rem;background:#f5f5f3;border-left:4px solid #a4161a;
content:"This is a news feed for feed readers, not a web page. To subscribe, copy the address below into your feed reader. 这是供新闻阅读器订阅的源，不是网页：请把下面的地址复制到阅读器中订阅。"}
:root atom|link[rel="self"]{display:block;margin:0 0 1.5rem;font-size:.9375rem;color:#555}
:root atom|link[rel="self"]::after{content:attr(href);display:block;color:#0b4f9c;font-family:ui-monospace,monospace;overflow-wrap:anywhere}
:root channel{display:block}
:root channel>title,:root>atom|title{display:block;margin:0;font-size:1.75rem;font-weight:700;line-height:1.3;color:#a4161a}
:root channel>description,:root>atom|subtitle{display:block;margin:0 0 1rem;color:#555}
:root item,:root atom|entry{display:block;padding:1rem 0;border-top:1px solid #dcdcdc}
:root item>title,:root atom|entry>atom|title{display:block;font-size:1.2rem;font-weight:700;line-height:1.45}
:root item>pubDate,:root atom|entry>atom|published{display:block;font-size:.875rem;color:#555}
:root item>link{display:block;font-size:.875rem;color:#0b4f9c;overflow-wrap:anywhere}
:root atom|entry>atom|link[rel="alternate"]{display:block}
:root atom|entry>atom|link[rel="alternate"]::after{content:attr(href);font-size:.875rem;color:#0b4f9c;overflow-wrap:anywhere}
`.trim();

export const FEED_STYLESHEET_FILE = `feed.${shortHash(FEED_CSS)}.css`;
export const FEED_STYLESHEET_PATH = `/assets/${FEED_STYLESHEET_FILE}`;
