import { Module } from '@nestjs/common';
import { WorkflowController } from './workflow.controller';
import { WorkflowRegistry } from './workflow.registry';

@Module({
  controllers: [WorkflowController],
  providers: [
    {
      provide: WorkflowRegistry,
      useFactory: () => new WorkflowRegistry(process.env.WORKFLOWS_DIR || undefined),
    },
  ],
  exports: [WorkflowRegistry],
})
export class WorkflowModule {}
