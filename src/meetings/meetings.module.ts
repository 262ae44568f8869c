import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ChangeRequestsModule } from '../change-requests/change-requests.module';
import { ClockModule } from '../clock/clock.module';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { DelegationsModule } from '../delegations/delegations.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { UsersModule } from '../users/users.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { MeetingStoreModule } from '../meeting-store/meeting-store.module';
import { MeetingWorkflows } from './meeting-workflows';
import { DispatchesController, MeetingsController } from './meetings.controller';
import { MeetingsService } from './meetings.service';
import { OutgoingMessagesRepository } from './outgoing-messages.repository';
import { DemoRosterSeeder } from './roster.seeder';
import { AuthenticatedUserSignature, SIGNATURE_PROVIDER } from './signing';

@Module({
  imports: [
    ConfigModule,
    ClockModule,
    DatabaseModule,
    WorkflowModule,
    AuditModule,
    OrganisationsModule,
    NotificationsModule,
    ChangeRequestsModule,
    DelegationsModule,
    MeetingStoreModule,
    UsersModule,
  ],
  controllers: [MeetingsController, DispatchesController],
  providers: [
    MeetingWorkflows,
    MeetingsService,
    OutgoingMessagesRepository,
    DemoRosterSeeder,
    { provide: SIGNATURE_PROVIDER, useClass: AuthenticatedUserSignature },
  ],
  exports: [MeetingsService],
})
export class MeetingsModule {}
