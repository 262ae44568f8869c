import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ChangeRequestsModule } from '../change-requests/change-requests.module';
import { DatabaseModule } from '../database/database.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

@Module({
  imports: [DatabaseModule, WorkflowModule, AuditModule, ChangeRequestsModule],
  controllers: [ReportsController],
  providers: [ReportsService, ReportsRepository],
})
export class ReportsModule {}
