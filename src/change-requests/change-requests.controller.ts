import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Actor } from '../common/actor';
import { AuditHistoryResponse } from '../audit/dto/audit-entry.response';
import { ChangeRequestEventsService } from './change-request-events.service';
import { ChangeRequestsExport } from './change-requests-export';
import { ChangeRequestsService } from './change-requests.service';
import { ChangeRequestListResponse, ChangeRequestResponse, ThreadPageResponse } from './dto/change-request.response';
import { CreateChangeRequestDto, EditChangeRequestDto } from './dto/create-change-request.dto';
import { parseEventBody } from './dto/event-body';
import { ListChangeRequestsQuery } from './dto/list-change-requests.query';
import { ThreadQuery } from './dto/thread.query';

@ApiTags('change-requests')
@ApiBearerAuth()
@Controller('api/change-requests')
export class ChangeRequestsController {
  constructor(
    private readonly changeRequests: ChangeRequestsService,
    private readonly events: ChangeRequestEventsService,
    private readonly exports: ChangeRequestsExport,
  ) {}

  @Post()
  @Roles('municipality', 'vastkom')
  @ApiOperation({ summary: 'Create a draft ändringsbegäran' })
  @ApiCreatedResponse({ type: ChangeRequestResponse, description: 'The new draft' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateChangeRequestDto): Promise<ChangeRequestResponse> {
    return this.changeRequests.create(actor, dto);
  }

  @Get()
  @ApiOperation({
    summary: 'List change requests the caller may see',
    description:
      'JSON: one page. CSV (format=csv or Accept: text/csv): every row of the same filtered list in the same order, ' +
      'streamed; UTF-8 with a byte order mark, RFC 4180, Swedish column headings, cells that would start a ' +
      "spreadsheet formula (= + - @ tab CR) prefixed with '.",
  })
  @ApiExtraModels(ChangeRequestListResponse)
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    content: {
      'application/json': { schema: { $ref: getSchemaPath(ChangeRequestListResponse) } },
      'text/csv': { schema: { type: 'string', format: 'binary' } },
    },
  })
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: ListChangeRequestsQuery,
    @Headers('accept') accept?: string,
  ): Promise<ChangeRequestListResponse | StreamableFile> {
    if (query.format === 'csv' || (query.format === undefined && acceptsCsv(accept))) {
      const { filename, stream } = await this.exports.csv(actor, query);
      return new StreamableFile(stream, { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${filename}"` });
    }
    return this.changeRequests.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One change request, with the events the caller may send now' })
  @ApiOkResponse({ type: ChangeRequestResponse })
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<ChangeRequestResponse> {
    return this.changeRequests.get(actor, id);
  }

  @Patch(':id')
  @Roles('municipality', 'vastkom')
  @ApiOperation({ summary: 'Edit a draft (the EDIT event)' })
  @ApiOkResponse({ type: ChangeRequestResponse })
  @ApiConflictResponse({ description: 'No longer a draft the caller may edit, or a stale expectedVersion; nothing changed' })
  edit(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: EditChangeRequestDto,
  ): Promise<ChangeRequestResponse> {
    return this.changeRequests.edit(actor, id, dto);
  }

  @Post(':id/events')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send a workflow event',
    description:
      'Body: { "type": "<EVENT>", ...payload, "expectedVersion"?: n }. Payload schemas per event: GET /api/workflows/andringsbegaran. ' +
      '400 invalid payload or unknown event · 403 role/organisation/segregation of duties · 404 unknown or invisible · 409 not allowed in this state, precondition unmet or stale version.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['type'],
      properties: { type: { type: 'string', description: 'The event, as the workflow definition names it' }, expectedVersion: { type: 'integer' } },
      additionalProperties: true,
    },
  })
  @ApiOkResponse({ type: ChangeRequestResponse })
  send(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: Record<string, unknown>) {
    return this.events.send(actor, id, parseEventBody(body));
  }

  @Get(':id/thread')
  @ApiOperation({ summary: 'The dialogue thread, paged back from the newest entries' })
  @ApiOkResponse({ type: ThreadPageResponse })
  thread(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: ThreadQuery): Promise<ThreadPageResponse> {
    return this.changeRequests.thread(actor, id, query.limit, query.before);
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'The decision history of one change request' })
  @ApiOkResponse({ type: AuditHistoryResponse })
  history(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.changeRequests.history(actor, id);
  }
}

/** Accept names text/csv (with a non-zero quality). */
function acceptsCsv(accept: string | undefined): boolean {
  return (accept ?? '')
    .split(',')
    .map((part) => part.trim().toLowerCase().split(';'))
    .some(([type, ...params]) => type.trim() === 'text/csv' && !params.some((p) => /^\s*q\s*=\s*0(\.0*)?\s*$/.test(p)));
}
