/** Lower-cased with Swedish rules in code: SQLite's lower() only folds ASCII. */
export function searchable(...parts: (string | null | undefined)[]): string {
  return parts
    .filter((p): p is string => !!p)
    .join(' ')
    .toLocaleLowerCase('sv-SE');
}
