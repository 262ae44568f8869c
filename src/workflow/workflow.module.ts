import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ConfigModule } from '../config/config.module';
import { WorkflowController } from './workflow.controller';
import { WorkflowRegistry } from './workflow.registry';

@Module({
  imports: [ConfigModule],
  controllers: [WorkflowController],
  providers: [
    {
      provide: WorkflowRegistry,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new WorkflowRegistry(config.workflowsDir),
    },
  ],
  exports: [WorkflowRegistry],
})
export class WorkflowModule {}
