// Names and shapes Atom and RSS share: the namespaces both declare and Media RSS's media:content.
import type { FeedEntry } from "./model";
import type { Attributes } from "./xml";

export const NAMESPACES = {
  atom: "http://www.w3.org/2005/Atom",
  media: "http://search.yahoo.com/mrss/",
  dc: "http://purl.org/dc/elements/1.1/",
  dcterms: "http://purl.org/dc/terms/",
  fh: "http://purl.org/syndication/history/1.0",
};

/** The attributes of an entry image's `media:content`, in the order both formats write them. */
export function mediaContentAttributes(image: NonNullable<FeedEntry["image"]>): Attributes {
  return {
    url: image.url,
    medium: "image",
    type: image.type,
    fileSize: image.length,
    width: image.width,
    height: image.height,
  };
}
