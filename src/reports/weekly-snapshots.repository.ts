import { Injectable } from '@nestjs/common';
import { sql, type Sql } from '../database/sql';

export interface NewWeeklySnapshot {
  week: string;
  compiledAt: string;
  md: { body: string; sha256: string; bytes: number };
  html: { body: string; sha256: string; bytes: number };
}

export interface WeeklySnapshotRow {
  week: string;
  compiled_at: string;
  md_sha256: string;
  md_bytes: number | string;
  html_sha256: string;
  html_bytes: number | string;
}

export interface WeeklySnapshotBodyRow {
  body: string;
  sha256: string;
}

const SUMMARY = 'week, compiled_at, md_sha256, md_bytes, html_sha256, html_bytes';
const EXISTS = sql(`SELECT 1 AS found FROM weekly_report_snapshots WHERE week = ?`);
const INSERT = sql(`INSERT INTO weekly_report_snapshots
  (week, compiled_at, md_body, md_sha256, md_bytes, html_body, html_sha256, html_bytes)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (week) DO NOTHING`);
const PAGE = sql(`SELECT ${SUMMARY} FROM weekly_report_snapshots ORDER BY week DESC LIMIT ? OFFSET ?`);
const COUNT = sql(`SELECT COUNT(*) AS n FROM weekly_report_snapshots`);
const MD = sql(`SELECT md_body AS body, md_sha256 AS sha256 FROM weekly_report_snapshots WHERE week = ?`);
const HTML = sql(`SELECT html_body AS body, html_sha256 AS sha256 FROM weekly_report_snapshots WHERE week = ?`);

/** The stored weekly reports: inserted once per week, never changed (the database refuses it). */
@Injectable()
export class WeeklySnapshotsRepository {
  async exists(db: Sql, week: string): Promise<boolean> {
    return (await db.get(EXISTS, [week])) !== undefined;
  }

  /** Stores the week's snapshot unless one is stored; true when this call stored it. */
  async insert(db: Sql, s: NewWeeklySnapshot): Promise<boolean> {
    const params = [s.week, s.compiledAt, s.md.body, s.md.sha256, s.md.bytes, s.html.body, s.html.sha256, s.html.bytes];
    return (await db.run(INSERT, params)) === 1;
  }

  page(db: Sql, limit: number, offset: number): Promise<WeeklySnapshotRow[]> {
    return db.all<WeeklySnapshotRow>(PAGE, [limit, offset]);
  }

  async count(db: Sql): Promise<number> {
    return Number((await db.get<{ n: number | string }>(COUNT))?.n ?? 0);
  }

  body(db: Sql, week: string, format: 'md' | 'html'): Promise<WeeklySnapshotBodyRow | undefined> {
    return db.get<WeeklySnapshotBodyRow>(format === 'md' ? MD : HTML, [week]);
  }
}
