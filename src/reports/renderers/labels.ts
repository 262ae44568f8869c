/** Swedish labels shared by the report renderers: the product's vocabulary (src/common/terms). */
import type {
  Audience,
  ChangeRequestType,
  DecisionOutcome,
} from '../../change-requests/change-request.types';
import { TERMS, termOf } from '../../common/terms';

export const REPORT_SERIES = 'Regional rapport Millennium';

export const TYPE_LABELS: Readonly<Record<ChangeRequestType, string>> = TERMS.requestTypes;

export const OUTCOME_LABELS: Readonly<Record<DecisionOutcome, string>> = TERMS.outcomes;

export const AUDIENCE_LABELS: Readonly<Record<Audience, string>> = TERMS.audiences;

export const THREAD_KIND_LABELS: Readonly<Record<string, string>> = TERMS.threadKinds;

/** Roles as they read inside a sentence ("Anders Holm (VGR)"). */
export const ROLE_LABELS: Readonly<Record<string, string>> = TERMS.rolesInText;

/** Names of the fields and sections the reports share with the web interface. */
export const FIELD_LABELS = TERMS.fields;

/** The weekly report's section headings, in the words of its columns (Mottagna over Mottagen). */
export const WEEKLY_REPORT_TERMS = TERMS.weeklyReport;

export const typeLabel = (type: string): string => termOf(TYPE_LABELS, type);
export const outcomeLabel = (outcome: string): string => termOf(OUTCOME_LABELS, outcome);
export const audienceLabel = (audience: string): string => termOf(AUDIENCE_LABELS, audience);
export const threadKindLabel = (kind: string): string => termOf(THREAD_KIND_LABELS, kind);
export const roleLabel = (role: string): string => termOf(ROLE_LABELS, role);

/** "A", "A och B", "A, B och C" */
export function joinSwedish(items: readonly string[]): string {
  if (items.length <= 1) {
    return items.join('');
  }
  return `${items.slice(0, -1).join(', ')} och ${items[items.length - 1]}`;
}
