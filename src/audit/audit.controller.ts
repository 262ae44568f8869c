import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/roles.decorator';
import { csvHeader, toCsvRow, toJsonLine } from './audit-export';
import { AuditService } from './audit.service';
import { ExportAuditQuery } from './dto/export-query.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
@Roles('auditor')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('verify')
  @ApiOperation({ summary: 'Verify the whole hash chain: { ok, entries, head } or the first entry that fails' })
  verify() {
    return this.audit.verify();
  }

  @Get('export')
  @ApiOperation({ summary: 'Export the decision history, streamed (JSON Lines re-verify exactly; CSV for spreadsheets)' })
  @ApiProduces('application/x-ndjson', 'text/csv')
  async export(@Query() query: ExportAuditQuery, @Res() res: Response): Promise<void> {
    const csv = query.format === 'csv';
    res.setHeader('Content-Type', csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="beslutshistorik.${csv ? 'csv' : 'jsonl'}"`);
    try {
      if (csv) res.write(csvHeader());
      for await (const entry of this.audit.stream()) {
        if (!res.write(csv ? toCsvRow(entry) : toJsonLine(entry)) && !(await drained(res))) return;
      }
      res.end();
    } catch (error) {
      // Once the body has started, a clean end would pass a truncated export off as complete.
      if (res.headersSent) res.destroy();
      throw error;
    }
  }
}

/** Waits until the client takes more; false when it went away instead (the export stops). */
function drained(res: Response): Promise<boolean> {
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
