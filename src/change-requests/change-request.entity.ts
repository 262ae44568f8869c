import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One ändringsbegäran. The XState persisted snapshot is the source of truth; the other columns are
 * projections of it kept for queries. JSON lives in text columns so both databases hand back
 * exactly what was written.
 */
@Entity('change_requests')
export class ChangeRequestEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'workflow_id', type: 'varchar', length: 60 })
  workflowId: string;

  @Column({ name: 'workflow_version', type: 'integer' })
  workflowVersion: number;

  @Column({ type: 'varchar', length: 40, nullable: true })
  reference: string | null;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 20 })
  type: string;

  @Column({ type: 'varchar', length: 60 })
  state: string;

  @Column({ name: 'state_value', type: 'text' })
  stateValue: string;

  @Column({ type: 'text' })
  snapshot: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'search_text', type: 'text' })
  searchText: string;

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 30 })
  updatedAt: string;

  @Column({ name: 'state_entered_at', type: 'varchar', length: 30 })
  stateEnteredAt: string;

  @Column({ name: 'received_at', type: 'varchar', length: 30, nullable: true })
  receivedAt: string | null;

  @Column({ name: 'decided_at', type: 'varchar', length: 30, nullable: true })
  decidedAt: string | null;

  @Column({ name: 'communicated_at', type: 'varchar', length: 30, nullable: true })
  communicatedAt: string | null;
}

/** Which organisations a request is from: drives visibility and the organisation filter. */
@Entity('change_request_organisations')
export class ChangeRequestOrganisationEntity {
  @PrimaryColumn({ name: 'change_request_id', type: 'varchar', length: 36 })
  changeRequestId: string;

  @PrimaryColumn({ name: 'organisation_id', type: 'varchar', length: 64 })
  organisationId: string;
}

/** Last issued registration number per prefix and year (diarienummer, gapless). */
@Entity('registration_counters')
export class RegistrationCounterEntity {
  @PrimaryColumn({ type: 'varchar', length: 20 })
  prefix: string;

  @PrimaryColumn({ type: 'integer' })
  year: number;

  @Column({ name: 'last_number', type: 'integer' })
  lastNumber: number;
}
