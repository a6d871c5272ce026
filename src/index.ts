import { createApp } from "./app";
import type { Bindings } from "./env";
import { scheduled } from "./scheduled";

const app = createApp();

// fetch for HTTP, scheduled for the Cron Trigger (publishes scheduled articles when their time comes).
export default {
  fetch: app.fetch,
  scheduled,
} satisfies ExportedHandler<Bindings>;
