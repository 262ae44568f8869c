import { MigrationInterface, QueryRunner } from 'typeorm';

/** Organisations, rollout stages and users. Plain SQL valid on SQLite and PostgreSQL. */
export class Foundation1732200000000 implements MigrationInterface {
  name = 'Foundation1732200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE organisations (
        id varchar(64) NOT NULL PRIMARY KEY,
        name text NOT NULL,
        kind varchar(32) NOT NULL CHECK (kind IN ('municipality', 'kommunalforbund', 'association',
          'region', 'steering_group', 'communications', 'private_provider')),
        parent_id varchar(64) NULL REFERENCES organisations (id),
        area varchar(16) NULL CHECK (area IN ('sodra', 'norra', 'ostra', 'vastra')),
        planned_go_live varchar(10) NULL
      )`);
    await queryRunner.query(`CREATE INDEX idx_organisations_parent ON organisations (parent_id)`);
    await queryRunner.query(`
      CREATE TABLE rollout_stages (
        id varchar(64) NOT NULL PRIMARY KEY,
        name text NOT NULL,
        area varchar(16) NOT NULL CHECK (area IN ('sodra', 'norra', 'ostra', 'vastra')),
        planned_go_live varchar(10) NOT NULL,
        description text NOT NULL DEFAULT '',
        sort integer NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE users (
        id varchar(128) NOT NULL PRIMARY KEY,
        name text NOT NULL,
        title text NOT NULL DEFAULT '',
        organisation_id varchar(64) NOT NULL REFERENCES organisations (id),
        role varchar(32) NOT NULL CHECK (role IN ('municipality', 'vastkom', 'vgr',
          'steering_group', 'communications', 'auditor', 'admin'))
      )`);
    await queryRunner.query(`CREATE INDEX idx_users_organisation ON users (organisation_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE users`);
    await queryRunner.query(`DROP TABLE rollout_stages`);
    await queryRunner.query(`DROP TABLE organisations`);
  }
}
