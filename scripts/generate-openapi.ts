// npm run openapi:generate: converts the request and response zod schemas to the JSON Schemas of the
// OpenAPI document once, here, so the worker serves them without carrying zod's converter.
/// <reference path="../worker-configuration.d.ts" />
import { execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildOpenApiSchemas } from "../src/openapi/json-schemas";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const target = path.join(root, "src/openapi/json-schemas.generated.json");
await writeFile(target, `${JSON.stringify(buildOpenApiSchemas(), null, 2)}\n`);
// Formatted as biome formats it, so regenerating unchanged schemas leaves the committed file as it is.
execFileSync(path.join(root, "node_modules/.bin/biome"), ["format", "--write", target], { stdio: "ignore" });
console.log(`wrote ${path.relative(process.cwd(), target)}`);
