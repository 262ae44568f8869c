import { canonicalJson } from '../common/canonical-json';
import { hashedFields } from './audit-hash';
import { AUDIT_ENTRY_FIELDS, AuditEntry } from './audit.types';

/**
 * Export formats for the decision history.
 *
 * JSON Lines (`toJsonLine`) is the exact format: one RFC 8785 canonical JSON object per line,
 * exactly the entry's hashed fields (its scheme's) plus `hash`, so each line can be re-hashed
 * (drop `hash`, canonicalise, SHA-256) and the chain verified independently. Use it for
 * verification.
 *
 * CSV (`csvHeader`, `toCsvRow`) is for reading in a spreadsheet and is NOT exact:
 * - RFC 4180: every line ends with CRLF; a cell containing `"`, `,`, CR or LF is quoted and its
 *   quotes doubled; `null` becomes an empty cell (indistinguishable from an empty string).
 * - Columns, in this fixed order: seq, at, subjectType, subjectId, changeRequestId, reference,
 *   eventType, payload, actorId, actorName, actorOrganisation, actorRole, onBehalfOf, stateBefore,
 *   stateAfter, prevHash, hash. `payload` and `onBehalfOf` hold canonical JSON; scheme 1 entries
 *   have empty subject and delegation cells.
 * - Formula injection guard: in the user-supplied text columns (reference, payload, actorName)
 *   a cell starting with `=`, `+`, `-`, `@`, tab or CR gets a leading `'`, which is not part of
 *   the recorded value. Do not verify hashes from the CSV.
 */

export const AUDIT_CSV_COLUMNS = AUDIT_ENTRY_FIELDS;

type CsvColumn = (typeof AUDIT_CSV_COLUMNS)[number];

// Compile-time check that every AuditEntry field has a column.
const allFieldsExported: Record<Exclude<keyof AuditEntry, CsvColumn>, never> = {};
void allFieldsExported;

const GUARDED_COLUMNS: ReadonlySet<CsvColumn> = new Set(['reference', 'payload', 'actorName']);
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** The full entry (including `hash`) as canonical JSON followed by "\n". */
export function toJsonLine(entry: AuditEntry): string {
  const exported: Record<string, unknown> = { hash: entry.hash };
  for (const field of hashedFields(entry)) exported[field] = entry[field] ?? null;
  return `${canonicalJson(exported)}\n`;
}

/** The CSV header line, CRLF-terminated. */
export function csvHeader(): string {
  return `${AUDIT_CSV_COLUMNS.join(',')}\r\n`;
}

/** One entry as a CSV line, CRLF-terminated, columns as in {@link AUDIT_CSV_COLUMNS}. */
export function toCsvRow(entry: AuditEntry): string {
  return `${AUDIT_CSV_COLUMNS.map((column) => csvCell(column, entry)).join(',')}\r\n`;
}

function csvCell(column: CsvColumn, entry: AuditEntry): string {
  let text = cellText(column, entry);
  if (GUARDED_COLUMNS.has(column) && FORMULA_START.test(text)) {
    text = `'${text}`;
  }
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function cellText(column: CsvColumn, entry: AuditEntry): string {
  const value = entry[column];
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return canonicalJson(value);
  return String(value);
}
