import { env } from "cloudflare:workers";
import { expect } from "vitest";
import type { TokenScope } from "../../../src/domain/token-scope";
import { csrfFrom, type DeskUser, decode, getPage, postForm, signIn } from "./desk-kit";

// A short Chinese story for the conflict and revision tests (our own text).
export const STORY: Record<string, string> = {
  title: "青湖湿地公园扩建工程开工",
  subtitle: "新增步道八公里",
  section: "要闻 › 地方",
  tags: "生态，城市建设",
  language: "zh-CN",
  "authors[0][name]": "陈晓",
  "authors[0][title]": "本报记者",
  "editors[0][name]": "刘洋",
  "publishedAt[date]": "2026-11-30",
  "publishedAt[time]": "08:00:00",
  "publishedAt[offset]": "+08:00",
  bodyFormat: "markdown",
  body: "第一段：工程于今日开工。\n\n第二段：预计明年五月完工。\n\n第三段：市民可提前预约参观。\n",
};

/** A signed-in desk user whose token has a recognisable name. */
export async function signInAs(name: string, scopes?: TokenScope[]): Promise<DeskUser> {
  const user = await signIn(scopes);
  await env.DB.prepare("update api_tokens set name = ? where id = ?").bind(name, user.tokenId).run();
  return user;
}

export async function createStory(user: DeskUser, fields: Record<string, string> = STORY) {
  const res = await postForm(
    "/desk/articles",
    { ...fields, status: "draft", _csrf: user.csrf },
    { cookie: user.cookie },
  );
  expect(res.status, await res.clone().text()).toBe(303);
  return Number(/\/desk\/articles\/(\d+)\/edit/.exec(res.headers.get("location") ?? "")?.[1]);
}

/** What the edit form of `id` would submit as it stands (hidden, text and textarea values). */
export async function openEditor(user: DeskUser, id: number): Promise<Record<string, string>> {
  const res = await getPage(`/desk/articles/${id}/edit`, user.cookie);
  expect(res.status).toBe(200);
  const html = await res.text();
  return { ...formValues(html, `/desk/articles/${id}`), _csrf: csrfFrom(html) };
}

/**
 * The values a browser would send from the form posting to `action`: inputs (radios only when
 * checked) and textareas. Enough for the desk's server-rendered forms.
 */
export function formValues(html: string, action: string): Record<string, string> {
  const start = html.indexOf(`action="${action}"`);
  if (start < 0) throw new Error(`no form posting to ${action}`);
  const form = html.slice(start, html.indexOf("</form>", start));
  const values: Record<string, string> = {};
  for (const [, tag] of form.matchAll(/<input([^>]*)>/g)) {
    const attr = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag ?? "")?.[1];
    const name = attr("name");
    if (!name) continue;
    const type = attr("type") ?? "text";
    if ((type === "radio" || type === "checkbox") && !/\schecked/.test(tag ?? "")) continue;
    if (type === "submit") continue;
    values[decode(name)] = decode(attr("value") ?? "");
  }
  for (const [, name, text] of form.matchAll(/<textarea[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g)) {
    values[decode(name ?? "")] = decode(text ?? "");
  }
  for (const [, name, options] of form.matchAll(/<select[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const chosen = /<option value="([^"]*)" selected/.exec(options ?? "");
    if (chosen) values[decode(name ?? "")] = decode(chosen[1] ?? "");
  }
  return values;
}
