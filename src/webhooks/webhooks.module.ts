import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ClockModule } from '../clock/clock.module';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookOutbox } from './webhook-outbox';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

/** Admin-managed webhooks: the API, the outbox the change-request events write to, the dispatcher. */
@Module({
  imports: [ConfigModule, ClockModule, DatabaseModule, AuditModule, WorkflowModule],
  controllers: [WebhooksController],
  providers: [WebhooksRepository, WebhooksService, WebhookOutbox, WebhookDispatcher],
  exports: [WebhookOutbox],
})
export class WebhooksModule {}
