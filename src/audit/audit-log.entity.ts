import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The decision history. Insert-only: database triggers refuse UPDATE and DELETE. */
@Entity('audit_log')
export class AuditLogEntity {
  @PrimaryColumn({ type: 'integer' })
  seq: number;

  @Column({ type: 'varchar', length: 30 })
  at: string;

  @Index()
  @Column({ name: 'change_request_id', type: 'varchar', length: 36 })
  changeRequestId: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  reference: string | null;

  @Column({ name: 'event_type', type: 'varchar', length: 60 })
  eventType: string;

  /** Canonical JSON (RFC 8785) of the payload, exactly as hashed. */
  @Column({ type: 'text' })
  payload: string;

  @Column({ name: 'actor_id', type: 'varchar', length: 100 })
  actorId: string;

  @Column({ name: 'actor_name', type: 'varchar', length: 200 })
  actorName: string;

  @Column({ name: 'actor_organisation', type: 'varchar', length: 60 })
  actorOrganisation: string;

  @Column({ name: 'actor_role', type: 'varchar', length: 30 })
  actorRole: string;

  @Column({ name: 'state_before', type: 'text', nullable: true })
  stateBefore: string | null;

  @Column({ name: 'state_after', type: 'text' })
  stateAfter: string;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  hash: string;
}
