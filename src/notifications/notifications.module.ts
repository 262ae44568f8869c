import { Module } from '@nestjs/common';
import { ClockModule } from '../clock/clock.module';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { MailDispatcher } from './mail-dispatcher';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

@Module({
  imports: [ConfigModule, ClockModule, DatabaseModule, OrganisationsModule],
  controllers: [NotificationsController],
  providers: [NotificationsRepository, NotificationsService, MailDispatcher],
  exports: [NotificationsService],
})
export class NotificationsModule {}
