/**
 * The product's Swedish vocabulary, shared by the reports and the web interface. The words live
 * in src/web/public/terms.json, which the browser loads as /terms.json; the server imports the
 * same file, so a word is changed in one place.
 */
import terms from '../web/public/terms.json';

export type Terms = typeof terms;

export const TERMS: Terms = terms;

type Labels = Readonly<Record<string, string>>;

/** The label under `key`, or the key itself when the vocabulary has none. */
export function termOf(labels: Labels, key: string): string {
  return Object.prototype.hasOwnProperty.call(labels, key) ? labels[key] : key;
}
