import { type AuthenticatedToken, hasScope, TOKEN_SCOPES, type TokenScope } from "../../domain/token-scope";

/**
 * IndieAuth / Micropub scope words → the token scopes each one needs here. A word is granted back to
 * the client only when every scope it needs was granted. `create` publishes unless the post says
 * draft, and update/delete/undelete touch public posts, so they need articles:publish (the rule in
 * services/write-context.ts); `draft` is the drafts-only form of create.
 */
const WORD_NEEDS: Record<string, readonly TokenScope[]> = {
  create: ["articles:write", "articles:publish"],
  update: ["articles:write", "articles:publish"],
  delete: ["articles:write", "articles:publish"],
  undelete: ["articles:write", "articles:publish"],
  media: ["articles:write"],
  draft: ["articles:write"],
  read: ["drafts:read"],
};

/** Scopes an IndieAuth client can ask for (admin is never handed to an app). */
export const GRANTABLE_SCOPES = TOKEN_SCOPES.filter((s) => s !== "admin");
export const SUPPORTED_SCOPE_WORDS = [...Object.keys(WORD_NEEDS), "profile"];

export function parseScopeWords(scope: string | undefined): string[] {
  return [...new Set((scope ?? "").split(" ").filter((w) => w !== ""))];
}

/** The token scopes a set of requested words maps onto (unknown words add nothing). */
export function scopesForWords(words: readonly string[]): TokenScope[] {
  const wanted = new Set(words.flatMap((w) => WORD_NEEDS[w] ?? []));
  return GRANTABLE_SCOPES.filter((s) => wanted.has(s));
}

/** What the editor may hand on: never wider than the desk session's own token. */
export function scopesEditorHolds(editor: AuthenticatedToken, scopes: readonly TokenScope[]): TokenScope[] {
  return scopes.filter((s) => hasScope(editor, s));
}

/** The requested words the granted scopes answer in full, in the order asked; `profile` always. */
export function wordsGranted(words: readonly string[], granted: readonly TokenScope[]): string[] {
  return words.filter((w) => w === "profile" || (WORD_NEEDS[w]?.every((s) => granted.includes(s)) ?? false));
}
