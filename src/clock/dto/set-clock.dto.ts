import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, IsString, Matches } from 'class-validator';

const NOW_MESSAGE =
  'now must be an ISO 8601 date and time with an offset or Z, e.g. 2024-12-20T09:00:00+01:00';

export class SetClockDto {
  @ApiProperty({ example: '2024-12-20T09:00:00+01:00' })
  @IsString({ message: NOW_MESSAGE })
  @IsISO8601({ strict: true, strictSeparator: true }, { message: NOW_MESSAGE })
  @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i, {
    message: NOW_MESSAGE,
  })
  now: string;
}
