export const DESK_LOGIN_CODE_TTL_MS: number;
export function deskLoginLinkSql(
  tokenId: string,
  siteUrl: string,
  now?: number,
): Promise<{ sql: string; url: string; expiresAt: number }>;
