import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { addDays, isCalendarDate, startOfStockholmDay } from '../calendar';
import { DomainError } from '../common/domain-error';
import { Database } from '../database/database';
import { AuditService } from './audit.service';
import { AuditEntriesResponse } from './dto/audit-entry.response';
import { BrowseAuditQuery } from './dto/browse-query.dto';
import type { ServerResponse } from 'node:http';
import { toErrorResponse } from '../common/error-response';
import type { HttpReply, HttpRequest } from '../common/request-context';
import { Roles } from '../auth/roles.decorator';
import { AuditWorkerService } from './audit-worker.service';
import { ExportAuditQuery } from './dto/export-query.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
@Roles('auditor')
export class AuditController {
  constructor(
    private readonly worker: AuditWorkerService,
    private readonly audit: AuditService,
    private readonly database: Database,
  ) {}

  @Get('entries')
  @ApiOperation({ summary: 'Browse the decision history: by change request, person (id or name), event and period, newest first' })
  @ApiOkResponse({ type: AuditEntriesResponse })
  async entries(@Query() query: BrowseAuditQuery): Promise<AuditEntriesResponse> {
    const day = (date: string, field: string) => {
      if (!isCalendarDate(date)) {
        throw new DomainError('VALIDATION_FAILED', `${field} is not a date`, { fields: [{ field, message: 'must be a date (YYYY-MM-DD)' }] });
      }
      return date;
    };
    const from = query.from === undefined ? undefined : startOfStockholmDay(day(query.from, 'from')).toISOString();
    const to = query.to === undefined ? undefined : startOfStockholmDay(addDays(day(query.to, 'to'), 1)).toISOString();
    return this.database.read(async ({ sql }) => {
      let changeRequestId = query.changeRequestId;
      if (query.reference !== undefined) {
        const id = await this.audit.requestIdOf(sql, query.reference);
        if (id === undefined || (changeRequestId !== undefined && changeRequestId !== id)) return { items: [], nextBeforeSeq: null };
        changeRequestId = id;
      }
      const actorIds = query.person === undefined ? undefined : await this.audit.actorIdsFor(sql, query.person);
      const filter = { changeRequestId, actorId: query.actor, actorIds, eventType: query.eventType, from, to, beforeSeq: query.beforeSeq };
      const items = await this.audit.browse(sql, filter, query.limit + 1);
      const page = items.slice(0, query.limit);
      return { items: page, nextBeforeSeq: items.length > query.limit ? page[page.length - 1].seq : null };
    });
  }

  // Both run in the low-priority audit worker process: a long chain never holds up requests and writes.
  @Get('verify')
  @ApiOperation({ summary: 'Verify the whole hash chain: { ok, entries, head } or the first entry that fails' })
  verify() {
    return this.worker.verify();
  }

  @Get('export')
  @ApiOperation({ summary: 'Export the decision history, streamed (JSON Lines re-verify exactly; CSV for spreadsheets)' })
  @ApiProduces('application/x-ndjson', 'text/csv')
  async export(@Query() query: ExportAuditQuery, @Req() request: HttpRequest, @Res() reply: HttpReply): Promise<void> {
    // Streamed on the raw response: any size, and stopped when the client goes away.
    reply.hijack();
    const res = reply.raw;
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) res.setHeader(name, value);
    const csv = query.format === 'csv';
    try {
      let started = false;
      const write = async (text: string): Promise<boolean> => {
        if (!started) {
          started = true;
          res.writeHead(200, {
            'Content-Type': csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
            'Content-Disposition': `attachment; filename="beslutshistorik.${csv ? 'csv' : 'jsonl'}"`,
          });
        }
        return res.write(text) || drained(res);
      };
      let stopped = false;
      await this.worker.export(csv ? 'csv' : 'jsonl', async (text) => (stopped = !(await write(text))) === false);
      if (stopped) return;
      if (!started) await write('');
      res.end();
    } catch (error) {
      // Once the body has started, a clean end would pass a truncated export off as complete.
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const body = toErrorResponse(error, request.requestId);
      res.writeHead(body.statusCode, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    }
  }
}

/** Waits until the client takes more; false when it went away instead (the export stops). */
function drained(res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean) => () => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = done(true);
    const onClose = done(false);
    res.once('drain', onDrain);
    res.once('close', onClose);
  });
}
