import { Injectable } from '@nestjs/common';
import { sql, type Sql } from '../database/sql';

export function formatReference(prefix: string, year: number, n: number): string {
  return `${prefix}-${year}-${String(n).padStart(4, '0')}`;
}

const ENSURE = sql(`INSERT INTO registration_counters (prefix, year, last_number) VALUES (?, ?, 0) ON CONFLICT DO NOTHING`);
const NEXT = sql(`UPDATE registration_counters SET last_number = last_number + 1 WHERE prefix = ? AND year = ? RETURNING last_number`);

/**
 * Issues diarienummer PREFIX-YYYY-NNNN. The counter row is incremented inside the caller's
 * transaction: the UPDATE takes the row lock (PostgreSQL) or runs under the single writer (SQLite),
 * and a rolled-back submission rolls its number back too, so numbers stay unique and gapless.
 */
@Injectable()
export class RegistrationNumberService {
  async next(db: Sql, prefix: string, year: number): Promise<string> {
    let row = await db.get<{ last_number: number }>(NEXT, [prefix, year]);
    if (!row) {
      await db.run(ENSURE, [prefix, year]);
      row = await db.get<{ last_number: number }>(NEXT, [prefix, year]);
    }
    return formatReference(prefix, year, Number(row!.last_number));
  }
}
