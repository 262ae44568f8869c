import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class BrowseAuditQuery {
  @ApiPropertyOptional({ example: 'ÄB-2024-0001', description: 'A change request by its registration number' })
  @IsOptional()
  @MaxLength(40)
  @Matches(/^\S+$/, { message: 'reference must be a registration number, e.g. ÄB-2024-0001' })
  reference?: string;

  @ApiPropertyOptional({ description: 'A change request by id (also before it was registered)' })
  @IsOptional()
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { message: 'changeRequestId must be a change request id' })
  changeRequestId?: string;

  @ApiPropertyOptional({ example: 'styrgrupp.ordforande', description: 'Who acted (user id)' })
  @IsOptional()
  @MaxLength(128)
  @Matches(/^\S+$/, { message: 'actor must be a user id' })
  actor?: string;

  @ApiPropertyOptional({
    example: 'Bergström',
    description:
      'Who acted: a user id, or part of a name in the user register, case and diacritics aside (asa finds Åsa Öberg)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  @Matches(/\S/, { message: 'person must name someone: a user id or part of a name' })
  person?: string;

  @ApiPropertyOptional({ example: 'DECIDE' })
  @IsOptional()
  @Matches(/^[A-Z][A-Z0-9_]{0,59}$/, { message: 'eventType must be an event name, e.g. DECIDE' })
  eventType?: string;

  @ApiPropertyOptional({ format: 'date', description: 'From this day (Europe/Stockholm), inclusive' })
  @IsOptional()
  @Matches(DATE, { message: 'from must be a date (YYYY-MM-DD)' })
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Up to this day (Europe/Stockholm), inclusive' })
  @IsOptional()
  @Matches(DATE, { message: 'to must be a date (YYYY-MM-DD)' })
  to?: string;

  @ApiPropertyOptional({ description: 'The nextBeforeSeq of the previous page' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  beforeSeq?: number;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit: number = 50;
}
