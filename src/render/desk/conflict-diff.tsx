import type { Child } from "hono/jsx";
import { type DiffSegment, diffText } from "../../lib/text-diff";

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
        <CompareSide side="left" heading={props.leftHeading} segments={segments} />
        <CompareSide side="right" heading={props.rightHeading} segments={segments} />
      </div>
      {props.children}
    </fieldset>
  );
}

/**
 * One side of a comparison: the left leaves out what only the right has and marks what only it
 * has as removed (`<del>`); the right the other way round, marked as added (`<ins>`).
 */
function CompareSide(props: { side: "left" | "right"; heading: string; segments: DiffSegment[] }) {
  const otherSidesKind = props.side === "left" ? "added" : "removed";
  const mark = (text: string) =>
    props.side === "left" ? <del class="diff-left">{text}</del> : <ins class="diff-right">{text}</ins>;
  return (
    <div class="compare-side" data-side={props.side}>
      <h3 class="compare-heading">{props.heading}</h3>
      <pre class="compare-text">
        {props.segments
          .filter((s) => s.kind !== otherSidesKind)
          .map((s) => (s.kind === "equal" ? s.text : mark(s.text)))}
      </pre>
    </div>
  );
}
