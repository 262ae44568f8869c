import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ClockModule } from '../clock/clock.module';
import { DatabaseModule } from '../database/database.module';
import { OrganisationsController } from './organisations.controller';
import { OrganisationsRepository } from './organisations.repository';
import { OrganisationsService } from './organisations.service';
import { ReferenceDataSeeder } from './reference-data.seeder';

@Module({
  imports: [DatabaseModule, AuditModule, ClockModule],
  controllers: [OrganisationsController],
  providers: [OrganisationsRepository, OrganisationsService, ReferenceDataSeeder],
  exports: [OrganisationsService, OrganisationsRepository],
})
export class OrganisationsModule {}
