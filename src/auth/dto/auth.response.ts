import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from '../../common/roles';
import type { Role } from '../../common/roles';

export class DevTokenResponse {
  @ApiProperty() token: string;
}

export class MeResponse {
  @ApiProperty({ example: 'vastkom.handlaggare' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ example: 'vastkom' }) organisationId: string;
  @ApiProperty({ example: 'VästKom' }) organisationName: string;
  @ApiProperty({
    type: [String],
    description: 'The organisation plus, for a kommunalförbund, its members',
  })
  actsFor: string[];
  @ApiProperty({
    example: '2024-10-11T12:05:00.000Z',
    description: "The product's clock at this answer; the web pages date weeks and stamps by it",
  })
  now: string;
}
