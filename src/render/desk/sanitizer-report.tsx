import type { SanitizerChange } from "../../lib/sanitize-html";
import type { DeskStrings } from "./strings";

/** What the HTML sanitizer changed in a saved body, one line per kind of change. */
export function SanitizerReport(props: { changes: readonly SanitizerChange[]; strings: DeskStrings }) {
  return (
    <>
      {props.strings.sanitized}
      <ul class="sanitizer-changes">
        {props.changes.map((change) => (
          <li>
            {describeChange(change, props.strings)}
            {change.count > 1 ? ` ×${change.count}` : ""}
          </li>
        ))}
      </ul>
    </>
  );
}

export function describeChange(change: SanitizerChange, s: DeskStrings): string {
  const template = {
    "removed-element-with-content": s.sanitizerRemovedWithContent,
    "unwrapped-element": s.sanitizerUnwrapped,
    "renamed-element": s.sanitizerRenamed,
    "removed-attribute": s.sanitizerRemovedAttribute,
    "added-attribute": s.sanitizerAddedAttribute,
    "removed-characters": s.sanitizerRemovedCharacters,
  }[change.change];
  return template
    .replace("{element}", change.element ?? "?")
    .replace("{to}", change.to ?? "?")
    .replace("{attribute}", change.attribute ?? "?");
}
