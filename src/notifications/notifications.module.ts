import { Module } from '@nestjs/common';
import { ClockModule } from '../clock/clock.module';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { SchedulerModule } from '../scheduler/scheduler.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { DeadlineReminders } from './deadline-reminders';
import { EmailDeliveries } from './email-deliveries';
import { EmailDeliveriesController } from './email-deliveries.controller';
import { MailDispatcher } from './mail-dispatcher';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

@Module({
  imports: [ConfigModule, ClockModule, DatabaseModule, OrganisationsModule, SchedulerModule, WorkflowModule],
  controllers: [NotificationsController, EmailDeliveriesController],
  providers: [NotificationsRepository, NotificationsService, MailDispatcher, DeadlineReminders, EmailDeliveries],
  exports: [NotificationsService, NotificationsRepository, MailDispatcher],
})
export class NotificationsModule {}
