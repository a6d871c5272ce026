import type { TokenScope } from "../domain/token-scope";
import { ProblemError } from "../lib/problem";

/** The realm of the editor API's bearer challenges. */
export const REALM = "editor-api";

/**
 * 403: the token is valid but lacks `scope`. The scope travels on the error itself, so Micropub's
 * error handler can name it without reading it back out of the WWW-Authenticate header.
 */
export class InsufficientScopeError extends ProblemError {
  constructor(
    readonly scope: TokenScope,
    detail = `This request needs a token with the "${scope}" scope.`,
    options: { challenge: boolean } = { challenge: true },
  ) {
    super({
      status: 403,
      type: "forbidden",
      title: "Insufficient scope",
      detail,
      ...(options.challenge
        ? {
            headers: {
              "www-authenticate": `Bearer realm="${REALM}", error="insufficient_scope", scope="${scope}"`,
            },
          }
        : {}),
    });
  }
}
