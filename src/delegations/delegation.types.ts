export const DELEGATION_SCOPES = ['steering_group'] as const;
export type DelegationScope = (typeof DELEGATION_SCOPES)[number];

/** Which events a delegation's scope covers (the member's duties in programstyrgruppen). */
export const SCOPE_EVENTS: Record<DelegationScope, readonly string[]> = {
  steering_group: ['DECIDE', 'SIGN', 'RECORD_RESERVATION', 'DECLARE_RECUSAL'],
};
