import { Hono } from "hono";
import { SUPPORTED_SCOPE_WORDS } from "../../auth/indieauth/scopes";
import type { AppEnv } from "../../env";
import { INDIEAUTH_PATHS } from "../../lib/indieauth-paths";
import type { SiteConfig } from "../../lib/site";

/** IndieAuth §4.1.1 server metadata (RFC 8414 names). */
export function indieauthMetadata(site: SiteConfig) {
  const at = (path: string) => `${site.url}${path}`;
  return {
    issuer: `${site.url}/`,
    authorization_endpoint: at(INDIEAUTH_PATHS.authorization),
    token_endpoint: at(INDIEAUTH_PATHS.token),
    revocation_endpoint: at(INDIEAUTH_PATHS.revocation),
    revocation_endpoint_auth_methods_supported: ["none"],
    introspection_endpoint: at(INDIEAUTH_PATHS.introspection),
    introspection_endpoint_auth_methods_supported: ["Bearer"],
    scopes_supported: SUPPORTED_SCOPE_WORDS,
    response_types_supported: ["code"],
    grant_types_supported: ["authorization_code", "refresh_token"],
    code_challenge_methods_supported: ["S256"],
    authorization_response_iss_parameter_supported: true,
    service_documentation: "https://indieauth.spec.indieweb.org/",
  };
}

export const indieauthMetadataRoutes = new Hono<AppEnv>();

for (const path of [INDIEAUTH_PATHS.metadata, INDIEAUTH_PATHS.wellKnownMetadata]) {
  indieauthMetadataRoutes.get(path, (c) => {
    c.header("cache-control", "public, max-age=300");
    c.header("access-control-allow-origin", "*");
    return c.json(indieauthMetadata(c.var.site));
  });
}
