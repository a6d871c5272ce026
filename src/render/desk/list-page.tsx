import type { ArticleRow } from "../../domain/article";
import { formatRfc3339 } from "../../lib/time";
import { DataTable, OlderPageLink } from "./data-table";
import { type DeskChrome, DeskLayout } from "./desk-layout";
import { joinList } from "./strings";

export interface ListFilters {
  status: string;
  section: string;
  tag: string;
  author: string;
  q: string;
}

export function ListPage(props: {
  chrome: DeskChrome;
  filters: ListFilters;
  articles: ArticleRow[];
  /** Link to the next (older) page, or null on the last. */
  olderHref: string | null;
  siteOffset: number;
  /** The search box's text cannot be searched (no letters or digits, too many terms). */
  searchUnusable?: boolean;
}) {
  const s = props.chrome.strings;
  const f = props.filters;
  const statusLabel = (a: ArticleRow) => (a.deletedAt !== null ? s.deleted : s[a.status]);
  return (
    <DeskLayout chrome={props.chrome} title={s.articles}>
      <form method="get" action="/desk" class="filters" aria-label={s.filters}>
        <div>
          <label for="f-status">{s.status}</label>
          <select id="f-status" name="status">
            {[
              ["", s.any],
              ["draft", s.draft],
              ["scheduled", s.scheduled],
              ["published", s.published],
              ["deleted", s.deleted],
            ].map(([value, label]) => (
              <option value={value} selected={f.status === value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <FilterInput id="f-section" name="section" label={s.section} value={f.section} />
        <FilterInput id="f-tag" name="tag" label={s.tag} value={f.tag} />
        <FilterInput id="f-author" name="author" label={s.author} value={f.author} />
        <FilterInput id="f-q" name="q" label={s.search} value={f.q} type="search" />
        <div>
          <button type="submit">{s.apply}</button>
        </div>
      </form>
      {props.searchUnusable ? (
        <p role="alert">{s.searchUnusable}</p>
      ) : props.articles.length === 0 ? (
        <p>{s.none}</p>
      ) : (
        <DataTable columns={[s.title, s.status, s.section, s.authors, s.updated]}>
          {props.articles.map((a) => (
            <tr data-article-id={String(a.id)}>
              <td>
                <a href={`/desk/articles/${a.id}/edit`}>{a.title}</a>
              </td>
              <td>
                <span class="status">{statusLabel(a)}</span>
              </td>
              <td>{a.section.join(" › ")}</td>
              <td>
                {joinList(
                  a.authors.map((au) => au.name),
                  props.chrome.lang,
                )}
              </td>
              <td>
                <time datetime={formatRfc3339(a.updatedAt)}>
                  {formatRfc3339(a.updatedAt, props.siteOffset).slice(0, 16).replace("T", " ")}
                </time>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <OlderPageLink href={props.olderHref} label={s.older} rel="next" />
    </DeskLayout>
  );
}

function FilterInput(props: { id: string; name: string; label: string; value: string; type?: string }) {
  return (
    <div>
      <label for={props.id}>{props.label}</label>
      <input type={props.type ?? "text"} id={props.id} name={props.name} value={props.value} />
    </div>
  );
}
