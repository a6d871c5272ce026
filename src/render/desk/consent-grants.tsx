import { formatRfc3339 } from "../../lib/time";
import { DataTable } from "./data-table";
import type { DeskStrings } from "./strings";

export interface ClientTokenItem {
  id: string;
  name: string;
  clientId: string | null;
  scopes: string[];
  createdAt: number;
  expiresAt: number | null;
}

/** The tokens IndieAuth apps hold, each revocable: on the sessions page. */
export function ConsentGrants(props: { strings: DeskStrings; formToken: string; tokens: ClientTokenItem[] }) {
  const s = props.strings;
  return (
    <section aria-labelledby="apps-heading">
      <h2 id="apps-heading">{s.appsSignedIn}</h2>
      {props.tokens.length === 0 ? (
        <p>{s.noApps}</p>
      ) : (
        <DataTable
          columns={[s.appClient, s.appScopes, s.created, s.appExpires, <span class="hint">{s.revoke}</span>]}
        >
          {props.tokens.map((token) => (
            <tr>
              <td>
                {token.name}
                {token.clientId && token.clientId !== token.name ? (
                  <>
                    {" "}
                    <code>{token.clientId}</code>
                  </>
                ) : null}
              </td>
              <td>{token.scopes.join(" ")}</td>
              <td>
                <time datetime={formatRfc3339(token.createdAt)}>{formatRfc3339(token.createdAt)}</time>
              </td>
              <td>{token.expiresAt === null ? "—" : formatRfc3339(token.expiresAt)}</td>
              <td>
                <form method="post" action="/desk/indieauth/tokens/revoke">
                  <input type="hidden" name="_csrf" value={props.formToken} />
                  <input type="hidden" name="token" value={token.id} />
                  <button type="submit" aria-label={`${s.revoke}: ${token.name}`}>
                    {s.revoke}
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
