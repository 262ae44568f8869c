import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { EmailDeliveryPageResponse, EmailDeliveryResponse, ListEmailDeliveriesQuery } from './dto/email-deliveries.dto';
import { EmailDeliveries } from './email-deliveries';

@ApiTags('administration')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/admin/email-deliveries')
export class EmailDeliveriesController {
  constructor(private readonly deliveries: EmailDeliveries) {}

  @Get()
  @ApiOperation({ summary: 'Admin: the e-mail outbox, newest first (e.g. status=failed), with counts by status' })
  @ApiOkResponse({ type: EmailDeliveryPageResponse })
  list(@Query() query: ListEmailDeliveriesQuery): Promise<EmailDeliveryPageResponse> {
    return this.deliveries.list(query.status, query.limit, query.offset);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Admin: try a failed mail again (after the address or the mail server was fixed)' })
  @ApiOkResponse({ type: EmailDeliveryResponse })
  @ApiNotFoundResponse({ description: 'No such mail' })
  @ApiConflictResponse({ description: 'The mail is not failed (it is pending or sent)' })
  retry(@Param('id', new ParseUUIDPipe()) id: string): Promise<EmailDeliveryResponse> {
    return this.deliveries.retry(id);
  }
}
