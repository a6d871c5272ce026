/** What a public listing or feed covers: the whole site, one section level, one tag or one author. */
export type ScopeKind = "site" | "section" | "tag" | "author";

export interface Scope {
  kind: ScopeKind;
  key: string;
}

export const SITE_SCOPE: Scope = { kind: "site", key: "" };
