import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { migrate } from './migrate';
import { seedReferenceData } from './seed';

/** Migrates the schema, then seeds reference data and demo users at start-up (insert-if-missing). */
@Injectable()
export class SeedService implements OnModuleInit {
  constructor(private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.dataSource);
    await seedReferenceData(this.dataSource);
  }
}
