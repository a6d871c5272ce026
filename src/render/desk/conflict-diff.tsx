import type { Child } from "hono/jsx";
import { diffText } from "../../lib/text-diff";

export interface ComparedField {
  /** The API field name (`title`, `authors`, `body`…). */
  name: string;
  label: string;
  /** Shown left: the older version, or on a conflict what the editor typed. */
  left: string;
  /** Shown right, marked as what replacing the left with it would remove and add. */
  right: string;
  /** A short note beside the label (who changed it). */
  note?: string;
}

/**
 * One field, both sides next to each other (stacked on a phone), with what only the left has and
 * what only the right has marked: by line, then by character inside changed lines.
 */
export function FieldComparison(props: {
  field: ComparedField;
  leftHeading: string;
  rightHeading: string;
  children?: Child;
}) {
  const { field } = props;
  const segments = diffText(field.left, field.right);
  const id = `compare-${field.name}`;
  return (
    <fieldset class="compare" id={id} data-field={field.name}>
      <legend>
        {field.label}
        {field.note ? <span class="compare-note"> ({field.note})</span> : null}
      </legend>
      <div class="compare-sides">
        <div class="compare-side" data-side="left">
          <h3 class="compare-heading">{props.leftHeading}</h3>
          <pre class="compare-text">
            {segments
              .filter((s) => s.kind !== "added")
              .map((s) => (s.kind === "equal" ? s.text : <del class="diff-left">{s.text}</del>))}
          </pre>
        </div>
        <div class="compare-side" data-side="right">
          <h3 class="compare-heading">{props.rightHeading}</h3>
          <pre class="compare-text">
            {segments
              .filter((s) => s.kind !== "removed")
              .map((s) => (s.kind === "equal" ? s.text : <ins class="diff-right">{s.text}</ins>))}
          </pre>
        </div>
      </div>
      {props.children}
    </fieldset>
  );
}
