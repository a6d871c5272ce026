import type { D1Migration } from "cloudflare:test";

// The bindings themselves come from worker-configuration.d.ts (`npm run types`); tests add their migrations.
declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
    }
  }
}
