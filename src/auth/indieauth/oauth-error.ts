/** An OAuth error answer (RFC 6749 §5.2): the code, a readable description, the HTTP status. */
export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status = 400,
  ) {
    super(description);
  }
}
