import { type ComparedField, FieldComparison } from "./conflict-diff";
import { type DeskChrome, DeskLayout, Notice } from "./desk-layout";
import { StatusButtons } from "./status-buttons";
import { joinList } from "./strings";

export interface ConflictPageProps {
  chrome: DeskChrome;
  articleId: number;
  title: string;
  openedVersion: number;
  current: { version: number; savedBy: string; savedAt: string };
  /** Fields where what the editor typed differs from the current version; `right` is theirs. */
  fields: (ComparedField & { defaultPick: "mine" | "theirs" })[];
  /** Labels of the fields the other side changed since the opened version; null when unknown. */
  theyChanged: string[] | null;
  /** Every value the editor typed, carried through unchanged. */
  typed: ReadonlyMap<string, string>;
  canPublish: boolean;
}

export function ConflictPage(props: ConflictPageProps) {
  const s = props.chrome.strings;
  return (
    <DeskLayout chrome={props.chrome} title={`${s.conflictHeading}: ${props.title}`}>
      <Notice kind="error">{s.conflictExplain}</Notice>
      <p class="conflict-versions">
        {s.conflictVersions} {props.openedVersion}; {s.conflictCurrent} {props.current.version} ({s.savedBy}{" "}
        {props.current.savedBy}, <time>{props.current.savedAt}</time>).
      </p>
      {props.theyChanged ? (
        <p class="conflict-changed">
          {s.theyChanged}{" "}
          {props.theyChanged.length ? joinList(props.theyChanged, props.chrome.lang) : s.nothingChanged}
        </p>
      ) : null}
      <form
        method="post"
        action={`/desk/articles/${props.articleId}/resolve`}
        class="conflict-form"
        novalidate
      >
        <input type="hidden" name="_csrf" value={props.chrome.signedIn?.formToken ?? ""} />
        <input type="hidden" name="version" value={String(props.current.version)} />
        {[...props.typed].map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        {props.fields.length === 0 ? <p>{s.sameEverywhere}</p> : <h2>{s.compare}</h2>}
        {props.fields.map((field) => (
          <FieldComparison field={field} leftHeading={s.yours} rightHeading={s.theirs}>
            <div class="pick" role="radiogroup" aria-label={field.label}>
              <PickOption field={field} pick="mine" label={s.keepMine} />
              <PickOption field={field} pick="theirs" label={s.takeTheirs} />
            </div>
          </FieldComparison>
        ))}
        <div class="actions">
          <StatusButtons strings={s} canPublish={props.canPublish} />
        </div>
      </form>
    </DeskLayout>
  );
}

type ConflictPick = ConflictPageProps["fields"][number]["defaultPick"];

/** One radio of a field's choice between what the editor typed and the current version. */
function PickOption(props: {
  field: ConflictPageProps["fields"][number];
  pick: ConflictPick;
  label: string;
}) {
  return (
    <label>
      <input
        type="radio"
        name={`_pick[${props.field.name}]`}
        value={props.pick}
        checked={props.field.defaultPick === props.pick}
      />{" "}
      {props.label}
    </label>
  );
}
