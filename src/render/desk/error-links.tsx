import { controlId } from "./editor-fields";
import type { FieldErrors } from "./editor-types";
import type { DeskStrings } from "./strings";

/**
 * Under the "not saved" notice, one link per refused field: with JavaScript off the page reloads at
 * the top, and a keyboard or screen-reader user jumps from here to the field instead of hunting for it.
 */
export function ErrorLinks(props: { errors: FieldErrors; strings: DeskStrings }) {
  if (props.errors.size === 0) return null;
  return (
    <nav class="error-links" aria-label={props.strings.fieldsToFix}>
      <ul>
        {/* publishedAt's own errors (the three parts together) sit above its date control. */}
        {[...props.errors].map(([name, details]) => (
          <li>
            <a href={`#${controlId(name === "publishedAt" ? "publishedAt[date]" : name)}`}>{name}</a>:{" "}
            {details.join("; ")}
          </li>
        ))}
      </ul>
    </nav>
  );
}
