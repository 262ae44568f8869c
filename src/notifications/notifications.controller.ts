import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import type { Actor } from '../common/actor';
import { PageQuery } from '../common/page-query.dto';
import { MarkReadBody, MarkReadResponse, NotificationPageResponse } from './dto/notifications.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/me/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: 'Your notifications, newest first, with the unread count' })
  @ApiOkResponse({ type: NotificationPageResponse })
  list(@CurrentActor() actor: Actor, @Query() query: PageQuery): Promise<NotificationPageResponse> {
    return this.notifications.list(actor, query.limit, query.offset);
  }

  @Post('read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark your notifications read (the ids given, or all)' })
  @ApiOkResponse({ type: MarkReadResponse })
  markRead(@CurrentActor() actor: Actor, @Body() body: MarkReadBody): Promise<MarkReadResponse> {
    return this.notifications.markRead(actor, body.ids);
  }
}
