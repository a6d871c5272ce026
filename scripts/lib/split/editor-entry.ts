// Measurement entry (scripts/bundle-report.mjs, docs/scaling.md "Bundle split"): the editor Worker of the
// planned split, reached only through the read Worker's service binding. Today's app and cron handler
// unchanged: the read routes it still mounts cost little once the read Worker answers them.
export { default } from "../../../src/index";
