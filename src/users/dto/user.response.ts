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

/** What an administrator sees of a user. */
export class AdminUserResponse extends UserResponse {
  @ApiProperty({ type: String, nullable: true, example: 'anna.berg@vgregion.se' }) email: string | null;
  @ApiProperty({ description: 'false: deactivated; the user cannot sign in, the history keeps their name' })
  active: boolean;
}
