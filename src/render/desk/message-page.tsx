import { type DeskChrome, DeskLayout, Notice } from "./desk-layout";

/** A page that only says one thing: refused, not found. */
export function MessagePage(props: { chrome: DeskChrome; text: string }) {
  return (
    <DeskLayout chrome={props.chrome} title={props.chrome.strings.desk}>
      <Notice kind="error">{props.text}</Notice>
    </DeskLayout>
  );
}
