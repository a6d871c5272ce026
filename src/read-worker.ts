import type { Bindings } from "./env";
import { createAppShell } from "./routes/app-shell";
import { mountReadRoutes } from "./routes/read-routes";

/** wrangler.read.toml: the complete Worker (wrangler.toml) behind a service binding. */
type ReadBindings = Bindings & { EDITOR: Fetcher };

// Requests no read route answered; they go to the editor Worker untouched, past this Worker's middleware.
const forwarded = new WeakSet<Request>();

const app = createAppShell([mountReadRoutes], (c) => {
  forwarded.add(c.req.raw);
  return c.body(null, 404);
});

// The read Worker of a split deployment (docs/scaling.md "Read/editor split"): the public hostname routes
// here; GET/HEAD of the public read surface is answered in this Worker, everything else by EDITOR.
export default {
  async fetch(request, env, ctx) {
    if (request.method !== "GET" && request.method !== "HEAD") return env.EDITOR.fetch(request);
    const response = await app.fetch(request, env, ctx);
    return forwarded.has(request) ? env.EDITOR.fetch(request) : response;
  },
} satisfies ExportedHandler<ReadBindings>;
