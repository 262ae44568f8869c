import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import type { ReportFormat } from '../renderers';
import { IsIsoWeek, REPORT_FORMATS } from './report-query.dto';

export class WeeklySnapshotParams {
  @ApiProperty({ description: 'ISO week, e.g. 2024-W41', example: '2024-W41', pattern: '^\\d{4}-W\\d{2}$' })
  @IsString()
  @IsIsoWeek()
  week: string;
}

export class WeeklySnapshotQuery {
  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'html', description: 'md: the stored text/markdown; html: the stored text/html page' })
  @IsOptional()
  @IsIn(REPORT_FORMATS, { message: 'format must be md or html' })
  format: ReportFormat = 'html';
}

export class StoredBodyResponse {
  @ApiProperty({ description: 'Hex SHA-256 of the stored body (its UTF-8 bytes)', example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' })
  sha256: string;
  @ApiProperty({ description: 'Size of the body in bytes (UTF-8)' }) bytes: number;
}

export class WeeklySnapshotResponse {
  @ApiProperty({ example: '2024-W41' }) week: string;
  @ApiProperty({ format: 'date-time', description: 'When it was compiled (the clock of the instance that compiled it)' }) compiledAt: string;
  @ApiProperty({ type: StoredBodyResponse }) md: StoredBodyResponse;
  @ApiProperty({ type: StoredBodyResponse }) html: StoredBodyResponse;
}

export class WeeklySnapshotPageResponse {
  @ApiProperty({ type: [WeeklySnapshotResponse], description: 'Newest week first; no bodies' }) items: WeeklySnapshotResponse[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}
