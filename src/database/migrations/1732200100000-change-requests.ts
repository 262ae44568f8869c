import { MigrationInterface, QueryRunner } from 'typeorm';

export class ChangeRequests1732200100000 implements MigrationInterface {
  name = 'ChangeRequests1732200100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE change_requests (
      id varchar(36) PRIMARY KEY,
      workflow_id varchar(60) NOT NULL,
      workflow_version integer NOT NULL,
      reference varchar(40) NULL UNIQUE,
      title varchar(200) NOT NULL,
      type varchar(20) NOT NULL,
      state varchar(60) NOT NULL,
      state_value text NOT NULL,
      snapshot text NOT NULL,
      version integer NOT NULL,
      search_text text NOT NULL,
      created_by varchar(100) NOT NULL,
      created_at varchar(30) NOT NULL,
      updated_at varchar(30) NOT NULL,
      state_entered_at varchar(30) NOT NULL,
      received_at varchar(30) NULL,
      decided_at varchar(30) NULL,
      communicated_at varchar(30) NULL
    )`);
    await q.query(`CREATE INDEX ix_change_requests_state ON change_requests (state)`);
    await q.query(`CREATE INDEX ix_change_requests_updated ON change_requests (updated_at)`);
    await q.query(`CREATE TABLE change_request_organisations (
      change_request_id varchar(36) NOT NULL REFERENCES change_requests (id),
      organisation_id varchar(64) NOT NULL REFERENCES organisations (id),
      PRIMARY KEY (change_request_id, organisation_id)
    )`);
    await q.query(
      `CREATE INDEX ix_change_request_organisations_org ON change_request_organisations (organisation_id)`,
    );
    await q.query(`CREATE TABLE registration_counters (
      prefix varchar(20) NOT NULL,
      year integer NOT NULL,
      last_number integer NOT NULL,
      PRIMARY KEY (prefix, year)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE registration_counters`);
    await q.query(`DROP TABLE change_request_organisations`);
    await q.query(`DROP TABLE change_requests`);
  }
}
