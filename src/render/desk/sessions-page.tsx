import { formatRfc3339 } from "../../lib/time";
import { type ClientTokenItem, ConsentGrants } from "./consent-grants";
import { DataTable } from "./data-table";
import { type DeskChrome, DeskLayout } from "./desk-layout";

export interface SessionListItem {
  idHash: string;
  tokenName: string;
  createdAt: number;
  lastSeenAt: number;
}

export function SessionsPage(props: {
  chrome: DeskChrome;
  sessions: SessionListItem[];
  currentHash: string;
  appTokens?: ClientTokenItem[];
}) {
  const s = props.chrome.strings;
  const formToken = props.chrome.signedIn?.formToken ?? "";
  return (
    <DeskLayout chrome={props.chrome} title={s.sessions}>
      <DataTable columns={[s.tokenName, s.created, s.lastSeen, <span class="hint">{s.end}</span>]}>
        {props.sessions.map((session) => (
          <tr>
            <td>
              {session.tokenName} {session.idHash === props.currentHash ? s.thisSession : null}
            </td>
            <td>
              <time datetime={formatRfc3339(session.createdAt)}>{formatRfc3339(session.createdAt)}</time>
            </td>
            <td>
              <time datetime={formatRfc3339(session.lastSeenAt)}>{formatRfc3339(session.lastSeenAt)}</time>
            </td>
            <td>
              <form method="post" action="/desk/sessions/end">
                <input type="hidden" name="_csrf" value={formToken} />
                <input type="hidden" name="session" value={session.idHash} />
                <button
                  type="submit"
                  aria-label={`${s.end}: ${session.tokenName} ${formatRfc3339(session.createdAt)}`}
                >
                  {s.end}
                </button>
              </form>
            </td>
          </tr>
        ))}
      </DataTable>
      {props.appTokens ? <ConsentGrants strings={s} formToken={formToken} tokens={props.appTokens} /> : null}
    </DeskLayout>
  );
}
