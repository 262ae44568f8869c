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
    if (csv) res.write(csvHeader());
    for await (const entry of this.audit.stream()) {
      const line = csv ? toCsvRow(entry) : toJsonLine(entry);
      if (!res.write(line)) await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
  }
}
