import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { ROLES, type Role } from '../../common/roles';
import { USER_ID_PATTERN } from '../user-administration';

export class CreateUserDto {
  @ApiProperty({
    example: 'anna.berg',
    description: "The identity provider's `sub` for this person: letters, digits and . _ @ - (at most 128)",
  })
  @IsString()
  @Matches(USER_ID_PATTERN, { message: 'id must be 1–128 letters, digits or . _ @ - and start with a letter or digit' })
  id: string;

  @ApiProperty({ example: 'Anna Berg' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: 'Handläggare, Koncernkontoret' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  title?: string;

  @ApiProperty({ example: 'vgr' })
  @IsString()
  @MinLength(1)
  organisationId: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'anna.berg@vgregion.se' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsEmail()
  @MaxLength(254)
  email?: string | null;
}

/** Only the fields sent change; the id never does (the history names the user by it). */
export class UpdateUserDto {
  @ApiPropertyOptional({ example: 'Anna Berg' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ example: 'vgr' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  organisationId?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsEmail()
  @MaxLength(254)
  email?: string | null;
}
