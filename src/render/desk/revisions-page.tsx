import { type ComparedField, FieldComparison } from "./conflict-diff";
import { DataTable, OlderPageLink } from "./data-table";
import { type DeskChrome, DeskLayout, Notice } from "./desk-layout";
import { joinList } from "./strings";

export interface RevisionRowView {
  version: number;
  action: "create" | "update" | "delete" | "restore";
  who: string;
  /** RFC 3339 instant and the same in the site's offset, for display. */
  at: { iso: string; local: string };
  /** Labels of the fields this version changed from the one before it. */
  changed: string[];
  canRestore: boolean;
}

export interface RevisionsPageProps {
  chrome: DeskChrome;
  articleId: number;
  title: string;
  currentVersion: number;
  rows: RevisionRowView[];
  olderHref: string | null;
  compare: { from: number | null; to: number | null; fields: ComparedField[] | null };
}

export function RevisionsPage(props: RevisionsPageProps) {
  const s = props.chrome.strings;
  const base = `/desk/articles/${props.articleId}`;
  const versions = Array.from({ length: props.currentVersion }, (_, i) => props.currentVersion - i);
  const { compare } = props;
  return (
    <DeskLayout chrome={props.chrome} title={`${s.revisions}: ${props.title}`}>
      <p>
        <a href={`${base}/edit`}>{s.edit}</a>
      </p>
      <form method="get" action={`${base}/revisions`} class="compare-form">
        <div>
          <label for="compare-from">{s.fromVersion}</label>
          <VersionSelect id="compare-from" name="from" versions={versions} chosen={compare.from} />
        </div>
        <div>
          <label for="compare-to">{s.toVersion}</label>
          <VersionSelect id="compare-to" name="to" versions={versions} chosen={compare.to} />
        </div>
        <button type="submit">{s.showDiff}</button>
      </form>
      {compare.fields ? (
        <section aria-label={s.compare}>
          <h2>
            {s.compare}: {s.version} {compare.from} → {compare.to}
          </h2>
          {compare.fields.length === 0 ? <Notice kind="ok">{s.noFieldDiffers}</Notice> : null}
          {compare.fields.map((field) => (
            <FieldComparison
              field={field}
              leftHeading={`${s.version} ${compare.from}`}
              rightHeading={`${s.version} ${compare.to}`}
            />
          ))}
        </section>
      ) : null}
      <DataTable
        class="revisions"
        columns={[
          s.version,
          s.who,
          s.when,
          s.whatChanged,
          <span class="visually-hidden">{s.restoreThis}</span>,
        ]}
      >
        {props.rows.map((row) => (
          <tr data-version={String(row.version)}>
            <td>
              {row.version} · {actionLabel(row.action, s)}
              {row.version === props.currentVersion ? ` (${s.currentVersion})` : ""}
            </td>
            <td>{row.who}</td>
            <td>
              <time datetime={row.at.iso}>{row.at.local}</time>
            </td>
            <td>{joinList(row.changed, props.chrome.lang)}</td>
            <td>
              {row.canRestore ? (
                <form method="post" action={`${base}/revisions/${row.version}/restore`} class="inline">
                  <input type="hidden" name="_csrf" value={props.chrome.signedIn?.formToken ?? ""} />
                  <input type="hidden" name="version" value={String(props.currentVersion)} />
                  <button type="submit" aria-label={`${s.restoreThis} ${row.version}`}>
                    {s.restoreThis}
                  </button>
                </form>
              ) : null}
            </td>
          </tr>
        ))}
      </DataTable>
      <OlderPageLink href={props.olderHref} label={s.olderVersions} />
    </DeskLayout>
  );
}

function VersionSelect(props: { id: string; name: string; versions: number[]; chosen: number | null }) {
  return (
    <select id={props.id} name={props.name}>
      {props.versions.map((v) => (
        <option value={String(v)} selected={v === props.chosen}>
          {v}
        </option>
      ))}
    </select>
  );
}

type Strings = DeskChrome["strings"];

function actionLabel(action: RevisionRowView["action"], s: Strings): string {
  if (action === "create") return s.actionCreate;
  if (action === "delete") return s.actionDelete;
  if (action === "restore") return s.actionRestore;
  return s.actionUpdate;
}
