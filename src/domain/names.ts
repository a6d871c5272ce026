// Tags, section levels, author and editor names and slugs are identifiers: two spellings that look
// alike must be one name, and no name may hide characters a reader cannot see.

/** NFC, so a precomposed "é" and "e" + combining accent are the same tag, section or author. */
export function normalizeName(name: string): string {
  return name.normalize("NFC");
}

// Joiners that belong to a visible glyph: emoji ZWJ sequences (woman + ZWJ + laptop) and subdivision
// flags (black flag + tag letters).
const EMOJI_JOINER =
  /(?<=\p{Extended_Pictographic}|\p{Emoji_Modifier}|\uFE0F)\u200D(?=\p{Extended_Pictographic})/gu;
const FLAG_TAG_SEQUENCE = /(?<=\u{1F3F4})[\u{E0020}-\u{E007E}]+\u{E007F}/gu;
// Format characters that print: Arabic and Kaithi number signs.
const VISIBLE_FORMAT = /[\u0600-\u0605\u06DD\u070F\u0890\u0891\u08E2\u{110BD}\u{110CD}]/gu;
// Controls, every other format character (zero-width spaces and joiners, bidi marks, embeddings,
// overrides and isolates, word joiner, BOM, soft hyphen) and the blank Hangul fillers.
const HIDDEN = /[\p{Cc}\p{Cf}\u115F\u1160\u3164\uFFA0]/u;

export function hasHiddenCharacters(name: string): boolean {
  const visible = name.replace(EMOJI_JOINER, "").replace(FLAG_TAG_SEQUENCE, "").replace(VISIBLE_FORMAT, "");
  return HIDDEN.test(visible);
}

export const HIDDEN_CHARACTERS_MESSAGE =
  "must not contain invisible, control or bidirectional-control characters";
