import { Module } from '@nestjs/common';
import { ConfigModule } from '../config/config.module';
import { WorkflowController } from './workflow.controller';
import { WorkflowDirectory } from './workflow-directory';

@Module({
  imports: [ConfigModule],
  controllers: [WorkflowController],
  providers: [WorkflowDirectory],
  exports: [WorkflowDirectory],
})
export class WorkflowModule {}
