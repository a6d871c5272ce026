// wrangler.read.toml repeats wrangler.toml's settings, vars and bindings (wrangler has no inheritance between
// config files): a var or binding added to one and not the other would make the two Workers of a split
// deployment disagree about the site, so they are compared here.
import path from "node:path";
import { expect, it } from "vitest";
import { experimental_readRawConfig } from "wrangler";
import { WORKER_CONFIGS } from "../../scripts/lib/bundle-groups.mjs";
import { ROOT } from "../../scripts/lib/local-worker.mjs";

const raw = (file: string): Record<string, unknown> => {
  const { rawConfig } = experimental_readRawConfig({ config: path.join(ROOT, file) });
  return { ...rawConfig };
};

const without = (config: Record<string, unknown>, keys: string[]) =>
  Object.fromEntries(Object.entries(config).filter(([key]) => !keys.includes(key)));

it("the read Worker's config is wrangler.toml's, apart from its name, entry, EDITOR and the cron", () => {
  const complete = raw(WORKER_CONFIGS.complete.config);
  const read = raw(WORKER_CONFIGS.read.config);
  expect(without(read, ["name", "main", "services"])).toEqual(
    without(complete, ["name", "main", "triggers"]),
  );
  expect(read.name).toBe(`${complete.name}-read`);
  expect(read.main).toBe("src/read-worker.ts");
  expect(read.services).toEqual([{ binding: "EDITOR", service: complete.name }]);
  // Scheduled publishing runs once, on the complete Worker.
  expect(read.triggers).toBeUndefined();
  expect(complete.triggers).toEqual({ crons: expect.any(Array) });
});
