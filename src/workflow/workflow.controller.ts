import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { renderWorkflowDiagram } from './workflow-diagram';
import { WorkflowDirectory } from './workflow-directory';

@ApiTags('workflows')
@ApiBearerAuth()
@Controller('api/workflows')
export class WorkflowController {
  constructor(private readonly workflows: WorkflowDirectory) {}

  @Get()
  @ApiOperation({ summary: 'Loaded workflow definitions' })
  list() {
    return this.workflows.all().map(({ definition }) => ({
      id: definition.id,
      version: definition.version,
      kind: definition.kind,
      title: definition.title,
      description: definition.description ?? null,
    }));
  }

  @Get(':name')
  @ApiOperation({ summary: 'One workflow definition and its Mermaid stateDiagram-v2' })
  get(@Param('name') name: string) {
    const workflow = this.workflows.find(name);
    return { definition: workflow.definition, mermaid: workflow.mermaid() };
  }

  @Get(':name/diagram.svg')
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  @ApiProduces('image/svg+xml')
  @ApiOperation({
    summary: 'The workflow drawn as an SVG state diagram with its Swedish labels',
    description:
      'Laid out on the server; presentation attributes only (no script, no inline style), so it can be placed in a page under a strict Content-Security-Policy.',
  })
  diagram(@Param('name') name: string): Promise<string> {
    return renderWorkflowDiagram(this.workflows.find(name).definition);
  }
}
