import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../common/page-query.dto';

export const EMAIL_STATUSES = ['pending', 'sent', 'failed'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

export class ListEmailDeliveriesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: EMAIL_STATUSES, description: 'Only mails in this status (e.g. failed)' })
  @IsOptional()
  @IsIn(EMAIL_STATUSES)
  status?: EmailStatus;
}

export class EmailDeliveryResponse {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['event', 'reminder', 'report', 'dispatch'] }) kind: string;
  @ApiProperty({ type: Number, nullable: true, description: 'The audit entry an event mail is about' }) seq: number | null;
  @ApiProperty({ type: String, nullable: true }) recipientId: string | null;
  @ApiProperty() address: string;
  @ApiProperty() subject: string;
  @ApiProperty({ enum: EMAIL_STATUSES }) status: EmailStatus;
  @ApiProperty({ description: 'Tries so far' }) attempts: number;
  @ApiProperty({ type: String, nullable: true, description: 'The last failure: SMTP reply code or error code, never credentials' })
  lastError: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', description: 'When the next try is due (pending)' }) nextAttemptAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt: string | null;
}

export class EmailDeliveryPageResponse {
  @ApiProperty({ type: [EmailDeliveryResponse], description: 'Newest first' }) items: EmailDeliveryResponse[];
  @ApiProperty() total: number;
  @ApiProperty({ description: 'Mails in each status, whatever the filter' }) pending: number;
  @ApiProperty() sent: number;
  @ApiProperty() failed: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}
