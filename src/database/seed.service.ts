import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { seedReferenceData } from './seed';

/** Seeds reference data and demo users at start-up (insert-if-missing). */
@Injectable()
export class SeedService implements OnModuleInit {
  constructor(private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    await seedReferenceData(this.dataSource);
  }
}
