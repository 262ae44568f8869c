/**
 * A text's place in Swedish alphabetical order (primary strength, as `Intl.Collator('sv',
 * { sensitivity: 'base' })` compares), as a string whose plain code-point order — SQLite's
 * BINARY, PostgreSQL's "C" — is that order. Neither database can be handed a collation from
 * here: node-sqlite3 cannot register one, and an ICU collation on PostgreSQL would order the
 * two databases differently. A stored key orders both the same way and is an index range.
 *
 * Case and accents aside (é = e, A = a), å ä ö are letters of their own after z; æ is ä, ø is
 * ö, ü is y, ß is ss. Spaces come before punctuation, punctuation before digits, digits before
 * letters, as in the Swedish collation; letters of other scripts follow ö in code-point order.
 */
const SPACE = ' ';
const PUNCTUATION = '!';
const SWEDISH: Readonly<Record<string, string>> = {
  å: '{',
  ä: '|',
  æ: '|',
  ö: '}',
  ø: '}',
  ü: 'y',
  ß: 'ss',
};

/** Longest key stored (a list cursor carries it). */
export const MAX_SORT_KEY_LENGTH = 160;

function weight(char: string): string {
  const swedish = SWEDISH[char];
  if (swedish !== undefined) return swedish;
  if (/^[a-z0-9]$/.test(char)) return char;
  if (/^\s$/u.test(char)) return SPACE;
  const base = char.normalize('NFD').replace(/\p{M}+/gu, '');
  if (/^[a-z]+$/.test(base)) return base;
  if (/^[\p{L}\p{N}]$/u.test(char)) return char;
  return PUNCTUATION;
}

export function swedishSortKey(text: string): string {
  let key = '';
  for (const char of text.normalize('NFC').toLocaleLowerCase('sv')) {
    key += weight(char);
    if (key.length >= MAX_SORT_KEY_LENGTH) break;
  }
  return key.slice(0, MAX_SORT_KEY_LENGTH);
}

/**
 * The key of a list of names (a request's organisations): their keys in order, each ending in a
 * character below every weight, so "Ale" comes before "Ale, Borås" and both before "Alingsås".
 */
export function swedishListSortKey(names: readonly string[]): string {
  const keys = names.map(swedishSortKey).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return keys.map((key) => `${key}\u0001`).join('').slice(0, MAX_SORT_KEY_LENGTH);
}
