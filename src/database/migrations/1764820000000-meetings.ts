import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Programstyrgruppen as a body (SPEC §10): its roster, its meetings (cases of the `meeting`
 * workflow, like change requests: a snapshot and a version), delegations between members and
 * others, and the registered outgoing messages of expediering with their receipts.
 */
export class Meetings1764820000000 implements MigrationInterface {
  name = 'Meetings1764820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE steering_group_members (
      user_id varchar(128) NOT NULL PRIMARY KEY,
      organisation_id varchar(64) NOT NULL,
      organisation_name varchar(200) NOT NULL,
      kind varchar(16) NOT NULL,
      chair integer NOT NULL DEFAULT 0,
      voting integer NOT NULL DEFAULT 1,
      position integer NOT NULL
    )`);
    await q.query(`CREATE TABLE meetings (
      id varchar(36) NOT NULL PRIMARY KEY,
      reference varchar(64) NOT NULL UNIQUE,
      title varchar(200) NOT NULL,
      workflow_id varchar(64) NOT NULL,
      workflow_version integer NOT NULL,
      state varchar(32) NOT NULL,
      state_value text NOT NULL,
      snapshot text NOT NULL,
      version integer NOT NULL,
      starts_at varchar(30) NOT NULL,
      created_at varchar(30) NOT NULL,
      updated_at varchar(30) NOT NULL,
      justerat_at varchar(30)
    )`);
    await q.query(`CREATE INDEX meetings_starts_at ON meetings (starts_at, id)`);
    await q.query(`CREATE TABLE meeting_agenda_items (
      meeting_id varchar(36) NOT NULL,
      change_request_id varchar(36) NOT NULL,
      position integer NOT NULL,
      PRIMARY KEY (meeting_id, change_request_id)
    )`);
    await q.query(`CREATE INDEX meeting_agenda_items_request ON meeting_agenda_items (change_request_id)`);
    await q.query(`CREATE TABLE delegations (
      id varchar(36) NOT NULL PRIMARY KEY,
      from_user varchar(128) NOT NULL,
      to_user varchar(128) NOT NULL,
      valid_from varchar(30) NOT NULL,
      valid_to varchar(30) NOT NULL,
      scope varchar(32) NOT NULL,
      created_by varchar(128) NOT NULL,
      created_at varchar(30) NOT NULL,
      revoked_at varchar(30)
    )`);
    await q.query(`CREATE INDEX delegations_to_user ON delegations (to_user, from_user)`);
    await q.query(`CREATE TABLE outgoing_messages (
      id varchar(36) NOT NULL PRIMARY KEY,
      registration varchar(80) NOT NULL UNIQUE,
      meeting_id varchar(36) NOT NULL,
      change_request_id varchar(36) NOT NULL,
      organisation_id varchar(64) NOT NULL,
      subject varchar(300) NOT NULL,
      body text NOT NULL,
      registered_at varchar(30) NOT NULL,
      acknowledged_at varchar(30),
      acknowledged_by varchar(128)
    )`);
    await q.query(`CREATE INDEX outgoing_messages_organisation ON outgoing_messages (organisation_id, registered_at)`);
    await q.query(`CREATE INDEX outgoing_messages_request ON outgoing_messages (change_request_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['outgoing_messages', 'delegations', 'meeting_agenda_items', 'meetings', 'steering_group_members']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
