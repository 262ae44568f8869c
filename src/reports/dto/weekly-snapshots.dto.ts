import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import type { ReportFormat } from '../renderers';
import { IsIsoWeek, REPORT_FORMATS } from './report-query.dto';

export const MAX_SNAPSHOT_PAGE_SIZE = 100;

export class ListWeeklySnapshotsQuery {
  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: MAX_SNAPSHOT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SNAPSHOT_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ default: 0, minimum: 0, maximum: 1_000_000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;
}

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
