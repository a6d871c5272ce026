import type { Child } from "hono/jsx";

/** A table of rows under one header row of column headings. */
export function DataTable(props: { class?: string; columns: Child[]; children?: Child }) {
  return (
    <table class={props.class}>
      <thead>
        <tr>
          {props.columns.map((heading) => (
            <th scope="col">{heading}</th>
          ))}
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  );
}

/** The link to the next, older page of a list; nothing on the last page. */
export function OlderPageLink(props: { href: string | null; label: string; rel?: "next" }) {
  if (!props.href) return null;
  return (
    <p>
      <a href={props.href} rel={props.rel}>
        {props.label}
      </a>
    </p>
  );
}
