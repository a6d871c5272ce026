import type { SiteConfig } from "../lib/site";
import { dateStyleFor } from "./format-date";
import { labelsFor } from "./labels";
import { documentTitle, Layout, renderDocument } from "./layout";

export type ErrorKind = "not-found" | "gone" | "bad-request";

const MESSAGES: Record<"zh" | "en", Record<ErrorKind, { title: string; text: string }>> = {
  zh: {
    "not-found": { title: "页面不存在", text: "您访问的页面不存在或尚未发布。" },
    gone: { title: "文章已删除", text: "这篇文章已被删除，无法再访问。" },
    "bad-request": { title: "请求无效", text: "链接中的参数无效，请从首页重新进入。" },
  },
  en: {
    "not-found": {
      title: "Page not found",
      text: "There is no page at this address, or it is not published yet.",
    },
    gone: { title: "Article deleted", text: "This article was deleted and is no longer available." },
    "bad-request": {
      title: "Bad request",
      text: "A parameter in this link is not valid. Start again from the home page.",
    },
  },
};

export function ErrorPage({ site, kind }: { site: SiteConfig; kind: ErrorKind }) {
  const labels = labelsFor(site.language);
  const message = MESSAGES[dateStyleFor(site.language)][kind];
  return (
    <Layout site={site} labels={labels} lang={site.language} title={documentTitle(message.title, site.title)}>
      <section class="error-page">
        <h1>{message.title}</h1>
        <p>{message.text}</p>
        <p>
          <a href="/">{labels.home}</a>
        </p>
      </section>
    </Layout>
  );
}

export function renderErrorPage(site: SiteConfig, kind: ErrorKind) {
  return renderDocument(<ErrorPage site={site} kind={kind} />);
}
