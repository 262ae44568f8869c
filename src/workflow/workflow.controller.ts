import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '../common/domain-error';
import { WorkflowRegistry } from './workflow.registry';

@ApiTags('workflows')
@ApiBearerAuth()
@Controller('api/workflows')
export class WorkflowController {
  constructor(private readonly registry: WorkflowRegistry) {}

  @Get()
  @ApiOperation({ summary: 'Loaded workflow definitions' })
  list() {
    return this.registry.list().map(({ definition }) => ({
      id: definition.id,
      version: definition.version,
      title: definition.title,
      description: definition.description ?? null,
    }));
  }

  @Get(':name')
  @ApiOperation({ summary: 'One workflow definition and its Mermaid stateDiagram-v2' })
  get(@Param('name') name: string) {
    const workflow = this.registry.find(name);
    if (!workflow) throw new DomainError('NOT_FOUND', `No workflow named "${name}"`);
    return { definition: workflow.definition, mermaid: workflow.mermaid() };
  }
}
