import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ChangeRequestsModule } from '../change-requests/change-requests.module';
import { ClockModule } from '../clock/clock.module';
import { DatabaseModule } from '../database/database.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  imports: [DatabaseModule, ClockModule, AuditModule, ChangeRequestsModule, OrganisationsModule],
  controllers: [ReportsController],
  providers: [ReportsService],
})
export class ReportsModule {}
