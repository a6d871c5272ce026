// The IndieAuth endpoints' paths, shared by discovery (pages, metadata) and the routes.
export const INDIEAUTH_PATHS = {
  metadata: "/indieauth/metadata",
  wellKnownMetadata: "/.well-known/oauth-authorization-server",
  // Under /desk: the desk session cookie is scoped to that path.
  authorization: "/desk/indieauth/auth",
  token: "/indieauth/token",
  revocation: "/indieauth/revoke",
  introspection: "/indieauth/introspect",
} as const;

export function indieauthMetadataLink(siteUrl: string): string {
  return `<${siteUrl}${INDIEAUTH_PATHS.metadata}>; rel="indieauth-metadata"`;
}
