import { Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { ChangeRequestsModule } from './change-requests/change-requests.module';
import { ClockModule } from './clock/clock.module';
import { HttpDrain } from './common/http-drain';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DelegationsModule } from './delegations/delegations.module';
import { DemoModule } from './demo/demo.module';
import { HealthModule } from './health/health.module';
import { MeetingsModule } from './meetings/meetings.module';
import { MetricsModule } from './metrics/metrics.module';
import { OrganisationsModule } from './organisations/organisations.module';
import { ReportsModule } from './reports/reports.module';
import { UsersModule } from './users/users.module';
import { WorkflowModule } from './workflow/workflow.module';

@Module({
  imports: [
    ConfigModule,
    ClockModule,
    DatabaseModule,
    HealthModule,
    MetricsModule,
    OrganisationsModule,
    UsersModule,
    AuthModule,
    WorkflowModule,
    ChangeRequestsModule,
    DelegationsModule,
    MeetingsModule,
    AuditModule,
    DemoModule,
    ReportsModule,
  ],
  providers: [HttpDrain],
})
export class AppModule {}
