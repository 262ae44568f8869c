import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { RegistrationCounterEntity } from './change-request.entity';

/** The year of an instant in Swedish time (a request received on New Year's Eve at 23:30 UTC is next year's). */
export function stockholmYear(iso: string): number {
  return Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Stockholm', year: 'numeric' }).format(new Date(iso)),
  );
}

export function formatReference(prefix: string, year: number, n: number): string {
  return `${prefix}-${year}-${String(n).padStart(4, '0')}`;
}

/**
 * Issues diarienummer PREFIX-YYYY-NNNN. The counter row is incremented inside the caller's
 * transaction: the UPDATE takes the row lock (PostgreSQL) or runs under the single writer (SQLite),
 * and a rolled-back submission rolls its number back too, so numbers stay unique and gapless.
 */
@Injectable()
export class RegistrationNumberService {
  async next(manager: EntityManager, prefix: string, year: number): Promise<string> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(RegistrationCounterEntity)
      .values({ prefix, year, lastNumber: 0 })
      .orIgnore()
      .execute();
    await manager
      .createQueryBuilder()
      .update(RegistrationCounterEntity)
      .set({ lastNumber: () => 'last_number + 1' })
      .where('prefix = :prefix AND year = :year', { prefix, year })
      .execute();
    const counter = await manager.findOneByOrFail(RegistrationCounterEntity, { prefix, year });
    return formatReference(prefix, year, counter.lastNumber);
  }
}
