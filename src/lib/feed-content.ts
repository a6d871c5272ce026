import { problem } from "./problem";

/** Full bodies, or the summary alone (aggregators that must link to the site for the text). */
export type FeedContent = "full" | "excerpt";
export const FEED_CONTENTS = ["full", "excerpt"] as const satisfies readonly FeedContent[];

/** The `content` query parameter of feeds and the public API; null when absent, 400 when unknown. */
export function parseContentQuery(value: string | undefined): FeedContent | null {
  if (value === undefined) return null;
  const known = FEED_CONTENTS.find((content) => content === value);
  if (known) return known;
  throw problem({
    status: 400,
    type: "bad-request",
    title: "Invalid request parameters",
    detail: `content must be one of: ${FEED_CONTENTS.join(", ")}.`,
    errors: [{ pointer: "/content", detail: "is not a known content option" }],
  });
}
