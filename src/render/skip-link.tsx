/** The first link of every page, past the header to the page's `<main id="main">`. */
export function SkipLink(props: { label: string }) {
  return (
    <a class="skip-link" href="#main">
      {props.label}
    </a>
  );
}
