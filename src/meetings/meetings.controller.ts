import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Actor } from '../common/actor';
import { pageQuery } from '../common/page-query.dto';
import type { HttpReply } from '../common/request-context';
import { parseEventBody } from '../change-requests/dto/event-body';
import { ExtraReportQuery } from '../reports/dto/report-query.dto';
import { CONTENT_TYPES, REPORT_CSP } from '../reports/reports.controller';
import {
  AgendaCandidateResponse,
  AgendaDto,
  CreateMeetingDto,
  MeetingListResponse,
  MeetingResponse,
  OutgoingMessageListResponse,
  OutgoingMessageResponse,
  SignatureDto,
} from './dto/meeting.dto';
import { MeetingsService } from './meetings.service';

/** A meetings page: 50 unless limit says otherwise. */
class MeetingListQuery extends pageQuery(50) {}

@ApiTags('meetings')
@ApiBearerAuth()
@Controller('api/meetings')
export class MeetingsController {
  constructor(private readonly meetings: MeetingsService) {}

  @Post()
  @Roles('vgr', 'steering_group')
  @ApiOperation({ summary: 'Plan a meeting of programstyrgruppen (VGR or the chair)' })
  @ApiCreatedResponse({ type: MeetingResponse })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateMeetingDto): Promise<MeetingResponse> {
    return this.meetings.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Meetings, newest first' })
  @ApiOkResponse({ type: MeetingListResponse })
  list(@Query() query: MeetingListQuery): Promise<MeetingListResponse> {
    return this.meetings.list(query.limit, query.offset);
  }

  @Get('agenda-candidates')
  @Roles('vgr', 'steering_group')
  @ApiOperation({ summary: 'Change requests that can be put on an agenda: in dialogue with an impact assessment' })
  @ApiOkResponse({ type: [AgendaCandidateResponse] })
  candidates(): Promise<AgendaCandidateResponse[]> {
    return this.meetings.candidates();
  }

  @Get(':id')
  @ApiOperation({ summary: 'A meeting: roster and attendance, the agenda with quorum, jäv, decisions and reservations, signatures, allowed events' })
  @ApiOkResponse({ type: MeetingResponse })
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<MeetingResponse> {
    return this.meetings.get(actor, id);
  }

  @Post(':id/events')
  @HttpCode(200)
  @Roles('vgr', 'steering_group', 'vastkom', 'municipality', 'communications')
  @ApiOperation({
    summary: 'Send a meeting event (OPEN, UPDATE_ATTENDANCE, DECLARE_RECUSAL, RECORD_RESERVATION, CLOSE, SIGN, CANCEL, ADD_TO_AGENDA)',
    description: 'Body `{ "type": "OPEN", ...payload, "expectedVersion"?: n, "onBehalfOf"?: userId }`; payloads as in workflows/sammantrade.json.',
  })
  @ApiBody({ schema: { type: 'object', required: ['type'], properties: { type: { type: 'string' } }, additionalProperties: true } })
  @ApiOkResponse({ type: MeetingResponse })
  @ApiConflictResponse({ description: 'Not allowed in the meeting\'s state, a precondition (named in `precondition`) or a stale expectedVersion; nothing changed' })
  event(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: unknown): Promise<MeetingResponse> {
    return this.meetings.send(actor, id, parseEventBody(body));
  }

  @Post(':id/agenda')
  @HttpCode(200)
  @Roles('vgr', 'steering_group')
  @ApiOperation({ summary: 'Put a change request on the agenda (409 unless in dialogue with an impact assessment)' })
  @ApiOkResponse({ type: MeetingResponse })
  @ApiConflictResponse({ description: 'The request is not in dialogue with an impact assessment, is already on the agenda, or the meeting is over' })
  agenda(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: AgendaDto): Promise<MeetingResponse> {
    return this.meetings.send(actor, id, { type: 'ADD_TO_AGENDA', payload: { changeRequestId: dto.changeRequestId } });
  }

  @Post(':id/signatures')
  @HttpCode(200)
  @Roles('steering_group', 'vgr', 'vastkom', 'municipality', 'communications')
  @ApiOperation({ summary: 'Sign (justera) the protocol: the chair and the designated justerare; 409 when the protocol has changed' })
  @ApiOkResponse({ type: MeetingResponse })
  @ApiConflictResponse({ description: 'The protocol has changed since the given sha256 (protocolCurrent), already signed, or the meeting is not closed' })
  sign(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: SignatureDto): Promise<MeetingResponse> {
    return this.meetings.send(actor, id, {
      type: 'SIGN',
      payload: { protocolSha256: dto.protocolSha256 },
      ...(dto.onBehalfOf !== undefined ? { onBehalfOf: dto.onBehalfOf } : {}),
    });
  }

  @Get(':id/protocol')
  @ApiOperation({ summary: 'The protocol (md or html); X-Protocol-Sha256 is the sha256 of the Markdown, what signatories sign' })
  @ApiProduces('text/markdown', 'text/html')
  @ApiOkResponse({ description: 'The protocol', schema: { type: 'string' } })
  async protocol(@Param('id') id: string, @Query() query: ExtraReportQuery, @Res({ passthrough: true }) res: HttpReply): Promise<string> {
    const protocol = await this.meetings.protocol(id);
    const format = query.format ?? 'md';
    void res.header('Content-Type', CONTENT_TYPES[format]);
    void res.header('Content-Security-Policy', REPORT_CSP);
    void res.header('X-Protocol-Sha256', protocol.sha256);
    return format === 'html' ? protocol.html : protocol.md;
  }
}

@ApiTags('meetings')
@ApiBearerAuth()
@Controller('api/dispatches')
export class DispatchesController {
  constructor(private readonly meetings: MeetingsService) {}

  @Get()
  @ApiOperation({ summary: 'Expedierade beslut: to the caller\'s organisation (all for vgr, steering group, auditor, admin)' })
  @ApiOkResponse({ type: OutgoingMessageListResponse })
  list(@CurrentActor() actor: Actor): Promise<OutgoingMessageListResponse> {
    return this.meetings.dispatches(actor);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Roles('vastkom', 'municipality')
  @ApiOperation({ summary: 'Acknowledge receipt of a dispatched decision (the receiving organisation)' })
  @ApiOkResponse({ type: OutgoingMessageResponse })
  @ApiConflictResponse({ description: 'Receipt was already acknowledged' })
  acknowledge(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<OutgoingMessageResponse> {
    return this.meetings.acknowledge(actor, id);
  }
}
