// Import rules for src/: no cycles, and imports only point down the layers below (top → bottom).
// Files inside one layer may import each other; a layer may import any layer below it.
/** @type {{ name: string, path: string }[]} */
const layers = [
  { name: "entry", path: "^src/(index|read-worker)\\.ts$" },
  { name: "app", path: "^src/(app|scheduled)\\.ts$" },
  { name: "routes", path: "^src/(routes|openapi)/" },
  { name: "services", path: "^src/services/" },
  { name: "feeds-render-auth", path: "^src/(feeds|render|auth)/" },
  { name: "context", path: "^src/env\\.ts$" },
  { name: "db", path: "^src/db/" },
  { name: "domain", path: "^src/domain/" },
  { name: "lib", path: "^src/lib/" },
];

const upwardRules = layers.slice(1).map((layer, index) => ({
  name: `${layer.name}-imports-down-only`,
  comment: `src/ layers run ${layers.map((l) => l.name).join(" → ")}; ${layer.name} must not import a layer above it.`,
  severity: "error",
  from: { path: layer.path },
  to: { path: layers.slice(0, index + 1).map((above) => above.path) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "An import cycle; move the shared type or constant down a layer.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-unlayered-file",
      comment: "Every file under src/ belongs to a layer in .dependency-cruiser.cjs.",
      severity: "error",
      from: { path: "^src/", pathNot: layers.map((l) => l.path).concat("\\.test\\.tsx?$", "\\.d\\.ts$") },
      to: {},
    },
    ...upwardRules,
  ],
  options: {
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    doNotFollow: { path: "node_modules" },
    // Unit tests beside their module may reach anywhere they need; the rules cover product code.
    exclude: { path: "\\.test\\.tsx?$" },
  },
};
