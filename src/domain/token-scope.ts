// What an editor token may do. Named "token scope" (OAuth's word, and Micropub's) to keep it apart
// from the listing `Scope` in ./scope.ts, which is what a page or feed covers.
export const TOKEN_SCOPES = ["drafts:read", "articles:write", "articles:publish", "admin"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export interface AuthenticatedToken {
  id: string;
  name: string;
  scopes: TokenScope[];
  /** When the token was last recorded as used (at most once per LAST_USED_RESOLUTION_MS). */
  lastUsedAt: number | null;
}

export function isTokenScope(value: string): value is TokenScope {
  return (TOKEN_SCOPES as readonly string[]).includes(value);
}

/** admin implies every other scope. */
export function hasScope(token: AuthenticatedToken | null, scope: TokenScope): boolean {
  return token !== null && (token.scopes.includes(scope) || token.scopes.includes("admin"));
}
