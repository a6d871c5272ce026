// autocannon ships no types and the scripts use a handful of its options: typed as any on purpose.
declare module "autocannon";
