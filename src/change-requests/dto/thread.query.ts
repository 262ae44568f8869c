import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class ThreadQuery {
  @ApiPropertyOptional({ description: 'Entries before this position (n); the newest when omitted', minimum: 2 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2)
  before?: number;

  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 100;
}
