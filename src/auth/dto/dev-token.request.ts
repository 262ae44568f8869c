import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class DevTokenRequest {
  @ApiProperty({ example: 'vastkom.handlaggare' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  userId: string;
}
