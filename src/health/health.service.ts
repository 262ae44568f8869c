import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';

export interface HealthStatus {
  status: 'ok' | 'error';
  database: 'ok' | 'error';
}

const TIMEOUT_MS = 2000;

@Injectable()
export class HealthService {
  constructor(private readonly database: Database) {}

  async check(): Promise<HealthStatus> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.database.ping(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('health check timed out')), TIMEOUT_MS);
        }),
      ]);
      return { status: 'ok', database: 'ok' };
    } catch {
      return { status: 'error', database: 'error' };
    } finally {
      clearTimeout(timer);
    }
  }
}
