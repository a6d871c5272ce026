import { type DeskChrome, DeskLayout, Notice } from "./desk-layout";

export function LoginPage(props: { chrome: DeskChrome; failure: string | null; returnTo?: string | null }) {
  const s = props.chrome.strings;
  return (
    <DeskLayout chrome={props.chrome} title={s.signIn}>
      {props.failure ? <Notice kind="error">{props.failure}</Notice> : null}
      <form method="post" action="/desk/login">
        {props.returnTo ? <input type="hidden" name="return" value={props.returnTo} /> : null}
        <fieldset>
          <legend>{s.signIn}</legend>
          <p class="hint" id="token-hint">
            {s.signInIntro}
          </p>
          <label for="token">{s.token}</label>
          <input
            type="password"
            id="token"
            name="token"
            required
            autocomplete="off"
            spellcheck={false}
            aria-describedby="token-hint"
          />
        </fieldset>
        <button type="submit" class="primary">
          {s.signIn}
        </button>
      </form>
    </DeskLayout>
  );
}
