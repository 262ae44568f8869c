import { Column, Entity, PrimaryColumn } from 'typeorm';

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

@Entity({ name: 'organisations' })
export class OrganisationEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'varchar', length: 32 })
  kind: OrganisationKind;

  /** The kommunalförbund a municipality belongs to. */
  @Column({ name: 'parent_id', type: 'varchar', length: 64, nullable: true })
  parentId: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  area: Area | null;

  /** 'YYYY-MM-DD'; kept current when a schedule change is approved. */
  @Column({ name: 'planned_go_live', type: 'varchar', length: 10, nullable: true })
  plannedGoLive: string | null;
}
