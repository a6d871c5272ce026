import { type ComparedField, FieldComparison } from "./conflict-diff";
import { type DeskChrome, DeskLayout, Notice } from "./desk-layout";

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
          {props.theyChanged.length
            ? props.theyChanged.join(props.chrome.lang === "zh" ? "、" : ", ")
            : s.nothingChanged}
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
        {props.fields.length === 0 ? <p>{s.sameEverywhere}</p> : null}
        {props.fields.map((field) => (
          <FieldComparison field={field} leftHeading={s.yours} rightHeading={s.theirs}>
            <div class="pick" role="radiogroup" aria-label={field.label}>
              <label>
                <input
                  type="radio"
                  name={`_pick[${field.name}]`}
                  value="mine"
                  checked={field.defaultPick === "mine"}
                />{" "}
                {s.keepMine}
              </label>
              <label>
                <input
                  type="radio"
                  name={`_pick[${field.name}]`}
                  value="theirs"
                  checked={field.defaultPick === "theirs"}
                />{" "}
                {s.takeTheirs}
              </label>
            </div>
          </FieldComparison>
        ))}
        <div class="actions">
          <button type="submit" name="status" value="draft" class={props.canPublish ? undefined : "primary"}>
            {s.saveDraft}
          </button>
          {props.canPublish ? (
            <>
              <button type="submit" name="status" value="scheduled">
                {s.schedule}
              </button>
              <button type="submit" name="status" value="published" class="primary">
                {s.publish}
              </button>
            </>
          ) : null}
        </div>
      </form>
    </DeskLayout>
  );
}
