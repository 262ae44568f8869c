import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { HttpReply } from '../common/request-context';
import { createHash } from 'node:crypto';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Actor } from '../common/actor';
import { ExtraReportQuery, WeeklyReportQuery } from './dto/report-query.dto';
import { REPORT_STYLESHEET } from './renderers';
import { RenderedReport, ReportsService } from './reports.service';

export const CONTENT_TYPES = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
} as const;

/** A report page runs no script and loads nothing; only its own inline stylesheet is allowed. */
export const REPORT_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(REPORT_STYLESHEET).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const ACCESS =
  'Readable by vgr, communications, steering_group, auditor and vastkom. ' +
  'admin gets 403 (segregation of duties: administrators manage users, not content).';

function send(res: HttpReply, report: RenderedReport): string {
  void res.header('Content-Type', CONTENT_TYPES[report.format]);
  void res.header('Content-Security-Policy', REPORT_CSP);
  return report.body;
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('change-requests/:id')
  @Roles('vgr', 'communications', 'steering_group', 'auditor', 'vastkom', 'municipality')
  @ApiOperation({
    summary: 'Extrainsatt rapport for one change request (Markdown or HTML)',
    description:
      `${ACCESS} A municipality user may read the report of its own organisation's requests only; ` +
      'any other request answers 404, exactly like an unknown id. 400 when format is not md or html.',
  })
  @ApiProduces(CONTENT_TYPES.html, CONTENT_TYPES.md)
  @ApiOkResponse({ description: 'The report', schema: { type: 'string' } })
  @ApiNotFoundResponse({ description: 'Unknown, or not visible to the caller' })
  async extra(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Query() query: ExtraReportQuery,
    @Res({ passthrough: true }) res: HttpReply,
  ): Promise<string> {
    return send(res, await this.reports.extraReport(actor, id, query.format));
  }

  @Get('weekly')
  @Roles('vgr', 'communications', 'steering_group', 'auditor', 'vastkom')
  @ApiOperation({
    summary: 'Regional rapport for one ISO week (Markdown or HTML)',
    description:
      `${ACCESS} municipality gets 403: the regional report covers every organisation. ` +
      'Lists requests received, decided and communicated in the week, open requests with days in their ' +
      "state, communication actions due, and the decision history's head hash and entry count " +
      '(keep a copy outside the system: a rewritten history no longer matches it). ' +
      '400 for a malformed or non-existent week (e.g. 2024-W53) or a format other than md or html.',
  })
  @ApiProduces(CONTENT_TYPES.html, CONTENT_TYPES.md)
  @ApiOkResponse({ description: 'The report', schema: { type: 'string' } })
  async weekly(
    @Query() query: WeeklyReportQuery,
    @Res({ passthrough: true }) res: HttpReply,
  ): Promise<string> {
    return send(res, await this.reports.weeklyReport(query.week, query.format));
  }
}
