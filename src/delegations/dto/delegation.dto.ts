import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsString, Matches, MaxLength } from 'class-validator';
import { DELEGATION_SCOPES, type DelegationScope } from '../delegation.types';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export class CreateDelegationDto {
  @ApiProperty({ example: 'styrgrupp.ordforande', description: 'The member whose duties are delegated (user id)' })
  @IsString()
  @MaxLength(128)
  from: string;

  @ApiProperty({ example: 'styrgrupp.ersattare.vgr', description: 'The delegate (user id)' })
  @IsString()
  @MaxLength(128)
  to: string;

  @ApiProperty({ format: 'date-time', example: '2024-10-11T08:00:00+02:00' })
  @IsISO8601({ strict: true })
  @Matches(INSTANT, { message: 'validFrom must be a date and time with a time zone' })
  validFrom: string;

  @ApiProperty({ format: 'date-time', example: '2024-10-11T17:00:00+02:00' })
  @IsISO8601({ strict: true })
  @Matches(INSTANT, { message: 'validTo must be a date and time with a time zone' })
  validTo: string;

  @ApiProperty({ enum: DELEGATION_SCOPES, description: 'steering_group: the member\'s duties in programstyrgruppen (decide, sign, reserve, declare jäv)' })
  @IsIn(DELEGATION_SCOPES)
  scope: DelegationScope;
}

export class DelegationResponse {
  @ApiProperty() id: string;
  @ApiProperty() from: string;
  @ApiProperty() fromName: string;
  @ApiProperty() to: string;
  @ApiProperty() toName: string;
  @ApiProperty({ format: 'date-time' }) validFrom: string;
  @ApiProperty({ format: 'date-time' }) validTo: string;
  @ApiProperty({ enum: DELEGATION_SCOPES }) scope: DelegationScope;
  @ApiProperty() createdBy: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt: string | null;
}

export class DelegationListResponse {
  @ApiProperty({ type: [DelegationResponse] }) items: DelegationResponse[];
}
