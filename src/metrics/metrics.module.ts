import { Module } from '@nestjs/common';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { MetricsController } from './metrics.controller';
import { MetricsGuard } from './metrics.guard';
import { Metrics } from './metrics.service';

/** Prometheus metrics: the registry and its instruments, and GET /metrics. */
@Module({
  imports: [ConfigModule, DatabaseModule, WorkflowModule],
  controllers: [MetricsController],
  providers: [Metrics, MetricsGuard],
  exports: [Metrics],
})
export class MetricsModule {}
