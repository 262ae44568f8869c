import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface HealthStatus {
  status: 'ok' | 'error';
  database: 'ok' | 'error';
}

const TIMEOUT_MS = 2000;

@Injectable()
export class HealthService {
  constructor(private readonly dataSource: DataSource) {}

  async check(): Promise<HealthStatus> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.dataSource.query('SELECT 1'),
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
