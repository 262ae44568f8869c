import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from '../../common/roles';
import type { Role } from '../../common/roles';

export class UserResponse {
  @ApiProperty({ example: 'vastkom.handlaggare' }) id: string;
  @ApiProperty({ example: 'Maria Nilsson' }) name: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ example: 'vastkom' }) organisationId: string;
}
