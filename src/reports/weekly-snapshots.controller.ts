import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { PageQuery } from '../common/page-query.dto';
import type { HttpReply } from '../common/request-context';
import {
  WeeklySnapshotPageResponse,
  WeeklySnapshotParams,
  WeeklySnapshotQuery,
} from './dto/weekly-snapshots.dto';
import { ACCESS, CONTENT_TYPES, REPORT_CSP } from './reports.controller';
import { WeeklySnapshots } from './weekly-snapshots.service';

@ApiTags('reports')
@ApiBearerAuth()
@Roles('vgr', 'communications', 'steering_group', 'auditor', 'vastkom')
@Controller('api/reports/weekly/snapshots')
export class WeeklySnapshotsController {
  constructor(private readonly snapshots: WeeklySnapshots) {}

  @Get()
  @ApiOperation({
    summary: 'The weekly reports compiled on schedule: week, when, sha256 and size of each body (newest week first)',
    description:
      `${ACCESS} Each is stored once per ISO week when WEEKLY_REPORT_SCHEDULE falls due (Thursday 07:00 ` +
      'Europe/Stockholm by default) and never changed; the bodies are at …/snapshots/{week}.',
  })
  @ApiOkResponse({ type: WeeklySnapshotPageResponse })
  @ApiBadRequestResponse({ description: 'limit or offset out of range' })
  list(@Query() query: PageQuery): Promise<WeeklySnapshotPageResponse> {
    return this.snapshots.list(query.limit, query.offset);
  }

  @Get(':week')
  @ApiOperation({
    summary: "One stored weekly report, byte for byte as compiled, with its sha256 in X-Content-SHA256 (Markdown or HTML)",
    description:
      `${ACCESS} The body is the stored one, not compiled again: its SHA-256 is the one listed and in the ` +
      "decision history's WEEKLY_REPORT_COMPILED entry. 400 for a malformed or non-existent week or a format " +
      'other than md or html; 404 for a week without a stored report.',
  })
  @ApiProduces(CONTENT_TYPES.html, CONTENT_TYPES.md)
  @ApiOkResponse({
    description: 'The stored report',
    schema: { type: 'string' },
    headers: {
      'X-Content-SHA256': { description: 'Hex SHA-256 of the body', schema: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
      'Repr-Digest': { description: 'RFC 9530: sha-256=:<base64>:', schema: { type: 'string' } },
    },
  })
  @ApiBadRequestResponse({ description: 'Malformed week or format (the field is named)' })
  @ApiNotFoundResponse({ description: 'No report stored for the week' })
  async one(
    @Param() params: WeeklySnapshotParams,
    @Query() query: WeeklySnapshotQuery,
    @Res({ passthrough: true }) res: HttpReply,
  ): Promise<string> {
    const stored = await this.snapshots.body(params.week, query.format);
    void res.header('Content-Type', CONTENT_TYPES[query.format]);
    void res.header('Content-Security-Policy', REPORT_CSP);
    void res.header('X-Content-SHA256', stored.sha256);
    void res.header('Repr-Digest', `sha-256=:${Buffer.from(stored.sha256, 'hex').toString('base64')}:`);
    return stored.body;
  }
}
