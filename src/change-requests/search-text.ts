/**
 * Text search folds the stored text and the query the same way, in code, so SQLite (FTS5) and
 * PostgreSQL (full-text search, `simple` configuration) see the same words and find the same
 * requests:
 *
 * - lower case with Swedish rules (SQLite's lower() only folds ASCII);
 * - diacritics dropped: å and ä become a, ö becomes o, é e, ü u (and ø o, æ ae, ß ss), and
 *   compatibility forms read as what they stand for (ﬁ fi, ² 2, full-width letters). Someone
 *   typing "boras" or "forandring" — on a phone, a foreign keyboard or in a hurry — means Borås
 *   and förändring, and a register that answers nothing to them fails them. The price is that
 *   "har" also finds "här"; for finding a request among thousands that is the better trade;
 * - everything that is not a letter or a digit separates words, so "ÄB-2024-0001" is the words
 *   "ab", "2024" and "0001" in both the text and the query, whatever each engine's tokenizer
 *   thinks of hyphens, and no character of a query can be search syntax.
 *
 * Why not PostgreSQL's `swedish` configuration: its stemmer and stop words exist only on one of
 * the two databases (FTS5 has no Swedish stemmer), it keeps diacritics (folding them there takes
 * the `unaccent` extension, which needs a superuser to install), and its stop words drop "för"
 * and "och". Prefix matching, which both engines have, gives most of what stemming would:
 * "förändring" finds "förändringar" and "förändringen".
 */
const SPECIAL: Record<string, string> = { ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', ł: 'l', đ: 'd', ð: 'd', þ: 'th' };
const SPECIAL_LETTERS = new RegExp(`[${Object.keys(SPECIAL).join('')}]`, 'g');

/** At most this many words of a query count; the rest is ignored. */
export const MAX_SEARCH_WORDS = 8;
const MAX_WORD_LENGTH = 60;

function fold(text: string): string {
  return text
    .toLocaleLowerCase('sv-SE')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(SPECIAL_LETTERS, (c) => SPECIAL[c])
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The stored search text of a request: its parts folded into space-separated words. */
export function searchable(...parts: (string | null | undefined)[]): string {
  return fold(parts.filter((p): p is string => !!p).join(' '));
}

/** The words of a query, folded like the stored text, without repeats, at most {@link MAX_SEARCH_WORDS}. */
export function searchWords(query: string | undefined): string[] {
  if (!query) return [];
  const words = fold(query)
    .split(' ')
    .filter(Boolean)
    .map((word) => word.slice(0, MAX_WORD_LENGTH));
  return [...new Set(words)].slice(0, MAX_SEARCH_WORDS);
}

/** An FTS5 MATCH expression: every word, as a quoted prefix (the words hold only letters and digits). */
export function ftsQuery(words: string[]): string {
  return words.map((word) => `"${word}"*`).join(' ');
}

/** A PostgreSQL tsquery text: every word as a prefix, all required. */
export function tsQuery(words: string[]): string {
  return words.map((word) => `${word}:*`).join(' & ');
}
