import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ChangeRequestsModule } from '../change-requests/change-requests.module';
import { ClockModule } from '../clock/clock.module';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { SchedulerModule } from '../scheduler/scheduler.module';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';
import { WeeklyReportJob } from './weekly-report.job';
import { WeeklySnapshotsController } from './weekly-snapshots.controller';
import { WeeklySnapshotsRepository } from './weekly-snapshots.repository';
import { WeeklySnapshots } from './weekly-snapshots.service';

@Module({
  imports: [
    DatabaseModule,
    ClockModule,
    ConfigModule,
    AuditModule,
    ChangeRequestsModule,
    OrganisationsModule,
    NotificationsModule,
    SchedulerModule,
  ],
  controllers: [ReportsController, WeeklySnapshotsController],
  providers: [ReportsService, WeeklySnapshotsRepository, WeeklySnapshots, WeeklyReportJob],
})
export class ReportsModule {}
