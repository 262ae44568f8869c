import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Actor } from '../common/actor';
import { PageQuery } from '../common/page-query.dto';
import { CreateWebhookDto, WebhookDeliveryPageResponse, WebhookResponse } from './dto/webhooks.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('administration')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({ summary: 'Admin: register a webhook for change-request events (audited; the secret is never returned)' })
  @ApiCreatedResponse({ type: WebhookResponse })
  @ApiBadRequestResponse({ description: 'Invalid url, events or secret (the field is named)' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateWebhookDto): Promise<WebhookResponse> {
    return this.webhooks.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Admin: every webhook, deleted ones included (without secrets)' })
  @ApiOkResponse({ type: [WebhookResponse] })
  list(): Promise<WebhookResponse[]> {
    return this.webhooks.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'Admin: one webhook (without its secret)' })
  @ApiOkResponse({ type: WebhookResponse })
  @ApiNotFoundResponse({ description: 'No such webhook' })
  get(@Param('id') id: string): Promise<WebhookResponse> {
    return this.webhooks.get(id);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Admin: delete (deactivate) a webhook: no new deliveries, its history stays (audited)' })
  @ApiOkResponse({ type: WebhookResponse })
  @ApiNotFoundResponse({ description: 'No such webhook' })
  deactivate(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<WebhookResponse> {
    return this.webhooks.deactivate(actor, id);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: "Admin: a webhook's deliveries, newest first, each with its attempts" })
  @ApiOkResponse({ type: WebhookDeliveryPageResponse })
  @ApiNotFoundResponse({ description: 'No such webhook' })
  deliveries(@Param('id') id: string, @Query() query: PageQuery): Promise<WebhookDeliveryPageResponse> {
    return this.webhooks.deliveries(id, query.limit, query.offset);
  }
}
