import { ApiProperty } from '@nestjs/swagger';

export class ClockResponse {
  @ApiProperty({
    example: '2024-12-20T08:00:00.000Z',
    description: "The clock's now, ISO 8601 UTC",
  })
  now: string;

  static of(now: Date): ClockResponse {
    return { now: now.toISOString() };
  }
}
