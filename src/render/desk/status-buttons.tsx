import type { DeskStrings } from "./strings";

/**
 * The submit buttons that save an article with a status: draft always, scheduled and published
 * only for a token that may publish (then publishing is the primary action, else saving a draft).
 */
export function StatusButtons(props: { strings: DeskStrings; canPublish: boolean }) {
  const s = props.strings;
  return (
    <>
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
    </>
  );
}
