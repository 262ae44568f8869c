/** Swedish labels shared by the report renderers. */
import type {
  Audience,
  ChangeRequestType,
  DecisionOutcome,
} from '../../change-requests/change-request.types';

export const REPORT_SERIES = 'Regional rapport Millennium';

export const TYPE_LABELS: Readonly<Record<ChangeRequestType, string>> = {
  schedule: 'Ändrad tidplan',
  scope: 'Ändrad omfattning',
  design: 'Ändrad utformning',
  other: 'Övrigt',
};

export const OUTCOME_LABELS: Readonly<Record<DecisionOutcome, string>> = {
  approved: 'Godkänd',
  rejected: 'Avslagen',
  approved_with_conditions: 'Godkänd med villkor',
};

export const AUDIENCE_LABELS: Readonly<Record<Audience, string>> = {
  internal: 'Internt',
  external: 'Externt',
};

export const THREAD_KIND_LABELS: Readonly<Record<string, string>> = {
  COMMENT: 'Kommentar',
  REQUEST_INFO: 'Begäran om komplettering',
  PROVIDE_INFO: 'Komplettering',
  ACKNOWLEDGE: 'Mottagningskvittens',
};

export const ROLE_LABELS: Readonly<Record<string, string>> = {
  municipality: 'kommun',
  vastkom: 'VästKom',
  vgr: 'VGR',
  steering_group: 'programstyrgruppen',
  communications: 'Koncernstab kommunikation',
  auditor: 'revision',
  admin: 'administratör',
};

function lookup(labels: Readonly<Record<string, string>>, key: string): string {
  return Object.prototype.hasOwnProperty.call(labels, key) ? labels[key] : key;
}

export const typeLabel = (type: string): string => lookup(TYPE_LABELS, type);
export const outcomeLabel = (outcome: string): string => lookup(OUTCOME_LABELS, outcome);
export const audienceLabel = (audience: string): string => lookup(AUDIENCE_LABELS, audience);
export const threadKindLabel = (kind: string): string => lookup(THREAD_KIND_LABELS, kind);
export const roleLabel = (role: string): string => lookup(ROLE_LABELS, role);

/** "A", "A och B", "A, B och C" */
export function joinSwedish(items: readonly string[]): string {
  if (items.length <= 1) {
    return items.join('');
  }
  return `${items.slice(0, -1).join(', ')} och ${items[items.length - 1]}`;
}
