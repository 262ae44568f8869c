export const ORGANISATION_KINDS = [
  'municipality',
  'kommunalforbund',
  'association',
  'region',
  'steering_group',
  'communications',
  'private_provider',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const AREAS = ['sodra', 'norra', 'ostra', 'vastra'] as const;
export type Area = (typeof AREAS)[number];

export const AREA_NAMES: Record<Area, string> = {
  sodra: 'Södra området',
  norra: 'Norra området',
  ostra: 'Östra området',
  vastra: 'Västra området',
};

/** The decision that set an organisation's current go-live, if one did. */
export interface GoLiveDecision {
  changeRequestId: string;
  reference: string | null;
}

export interface OrganisationRecord {
  id: string;
  name: string;
  kind: OrganisationKind;
  /** The kommunalförbund a municipality belongs to. */
  parentId: string | null;
  area: Area | null;
  /** 'YYYY-MM-DD', kept current when a schedule change is approved. */
  plannedGoLive: string | null;
  /** Postponed by a decision without a new date ("Senare – datum ej fastställt"). */
  postponed: boolean;
  decision: GoLiveDecision | null;
}

export interface RolloutStageRecord {
  id: string;
  name: string;
  area: Area;
  plannedGoLive: string;
  description: string;
  sort: number;
}
