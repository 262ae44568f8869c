import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, Matches, ValidateIf } from 'class-validator';

const DATE_MESSAGE = 'plannedGoLive must be a date (YYYY-MM-DD)';

export class UpdateOrganisationGoLiveDto {
  @ApiProperty({ type: String, nullable: true, example: '2026-04-15', description: 'null: no date planned' })
  @ValidateIf((_o, v) => v !== null)
  @IsISO8601({ strict: true }, { message: DATE_MESSAGE })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: DATE_MESSAGE })
  plannedGoLive: string | null;
}

export class UpdateStageGoLiveDto {
  @ApiProperty({ example: '2026-04-15' })
  @IsISO8601({ strict: true }, { message: DATE_MESSAGE })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: DATE_MESSAGE })
  plannedGoLive: string;
}
