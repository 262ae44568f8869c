import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { CHANGE_REQUEST_TYPES, type ChangeRequestType } from '../change-request.types';

const NOT_BLANK = /\S/;
const SLUG = /^[a-z0-9-]{2,64}$/;

export class CreateChangeRequestDto {
  @ApiProperty({ example: 'Senare anslutning till Millennium för Sjuhärads kommuner', maxLength: 200 })
  @IsString()
  @Matches(NOT_BLANK, { message: 'title must not be empty' })
  @MaxLength(200)
  title: string;

  @ApiProperty({ maxLength: 10000 })
  @IsString()
  @Matches(NOT_BLANK, { message: 'description must not be empty' })
  @MaxLength(10000)
  description: string;

  @ApiProperty({ enum: CHANGE_REQUEST_TYPES })
  @IsIn(CHANGE_REQUEST_TYPES)
  type: ChangeRequestType;

  @ApiProperty({ type: [String], example: ['sjuharad'], description: 'Organisation ids (municipalities or kommunalförbund)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(60)
  @ArrayUnique()
  @Matches(SLUG, { each: true, message: 'requestingOrganisations must hold organisation ids' })
  requestingOrganisations: string[];

  @ApiProperty({ maxLength: 10000 })
  @IsString()
  @Matches(NOT_BLANK, { message: 'justification must not be empty' })
  @MaxLength(10000)
  justification: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '2025-11-12',
    description: 'Requested go-live date for schedule changes; null means "later, not yet dated"',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsISO8601({ strict: true }, { message: 'requestedGoLive must be a date (YYYY-MM-DD) or null' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'requestedGoLive must be a date (YYYY-MM-DD) or null' })
  requestedGoLive?: string | null;

  @ApiPropertyOptional({
    example: 'andringsbegaran',
    description: 'Workflow type (GET /api/workflows); defaults to andringsbegaran',
  })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{0,59}$/, { message: 'workflow must name a workflow' })
  workflow?: string;
}

/** Every draft field is optional when editing; the workflow type is fixed once created. */
export class EditChangeRequestDto extends PartialType(OmitType(CreateChangeRequestDto, ['workflow'] as const)) {
  @ApiPropertyOptional({ description: 'The version the edit is based on; a stale one answers 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}
