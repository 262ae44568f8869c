import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsOptional,
  IsString,
  registerDecorator,
  type ValidationOptions,
} from 'class-validator';
import { parseIsoWeek, type ReportFormat } from '../renderers';

export const REPORT_FORMATS: readonly ReportFormat[] = ['md', 'html'];

/** An ISO week "YYYY-Www" that exists: 2024-W53 fails (2024 has 52 weeks), 2026-W53 passes. */
export function IsIsoWeek(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isIsoWeek',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: 'week must be an ISO week YYYY-Www that exists in that year, e.g. 2024-W41',
        ...options,
      },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseIsoWeek(value) !== null,
      },
    });
}

const formatProperty = {
  enum: REPORT_FORMATS,
  default: 'html',
  description: 'md: text/markdown; html: a standalone, printable text/html page',
};

export class ExtraReportQuery {
  @ApiPropertyOptional(formatProperty)
  @IsOptional()
  @IsIn(REPORT_FORMATS, { message: 'format must be md or html' })
  format: ReportFormat = 'html';
}

export class WeeklyReportQuery {
  @ApiPropertyOptional({
    description: 'ISO week, e.g. 2024-W41. Default: the current week in Europe/Stockholm.',
    example: '2024-W41',
    pattern: '^\\d{4}-W\\d{2}$',
  })
  @IsOptional()
  @IsString()
  @IsIsoWeek()
  week?: string;

  @ApiPropertyOptional(formatProperty)
  @IsOptional()
  @IsIn(REPORT_FORMATS, { message: 'format must be md or html' })
  format: ReportFormat = 'html';
}
