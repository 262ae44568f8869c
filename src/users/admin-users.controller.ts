import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Actor } from '../common/actor';
import { CreateUserDto, UpdateUserDto } from './dto/user-admin.dto';
import { AdminUserResponse } from './dto/user.response';
import { UsersService } from './users.service';

@ApiTags('administration')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/admin/users')
export class AdminUsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'Admin: every user, deactivated ones included' })
  @ApiOkResponse({ type: [AdminUserResponse] })
  list(): Promise<AdminUserResponse[]> {
    return this.users.listForAdmin();
  }

  @Post()
  @ApiOperation({ summary: 'Admin: create a user (audited)' })
  @ApiCreatedResponse({ type: AdminUserResponse })
  @ApiBadRequestResponse({ description: 'Invalid field or unknown organisation' })
  @ApiConflictResponse({ description: 'The id is taken (ALREADY_EXISTS)' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto): Promise<AdminUserResponse> {
    return this.users.create(actor, dto);
  }

  @Patch(':id')
  @ApiOperation({ summary: "Admin: change a user's name, title, organisation, role or e-mail (audited)" })
  @ApiOkResponse({ type: AdminUserResponse })
  @ApiNotFoundResponse({ description: 'No such user' })
  @ApiConflictResponse({ description: 'Would lock out the acting or the last administrator' })
  change(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: UpdateUserDto): Promise<AdminUserResponse> {
    return this.users.change(actor, id, dto);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiOperation({ summary: "Admin: deactivate a user; their tokens stop working at once (audited, never deleted)" })
  @ApiOkResponse({ type: AdminUserResponse })
  @ApiNotFoundResponse({ description: 'No such user' })
  @ApiConflictResponse({ description: 'Would lock out the acting or the last administrator' })
  deactivate(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<AdminUserResponse> {
    return this.users.deactivate(actor, id);
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Admin: reactivate a deactivated user (audited)' })
  @ApiOkResponse({ type: AdminUserResponse })
  @ApiNotFoundResponse({ description: 'No such user' })
  reactivate(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<AdminUserResponse> {
    return this.users.reactivate(actor, id);
  }
}
