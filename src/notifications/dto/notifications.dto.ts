import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength } from 'class-validator';
import { MAX_PAGE_SIZE } from '../../common/page-query.dto';

export class MarkReadBody {
  @ApiPropertyOptional({ type: [String], maxItems: MAX_PAGE_SIZE, description: 'Notification ids; omitted: all of yours' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_PAGE_SIZE)
  @IsString({ each: true })
  @MaxLength(36, { each: true })
  ids?: string[];
}

export class NotificationResponse {
  @ApiProperty() id: string;
  @ApiProperty() changeRequestId: string;
  @ApiProperty({
    enum: ['event', 'reminder', 'dispatch'],
    description: 'event: an accepted event gave you work or decided your request; reminder: a deadline is near or passed; dispatch: an adjusted decision sent to your organisation',
  })
  kind: 'event' | 'reminder' | 'dispatch';
  @ApiProperty({ type: Number, nullable: true, description: 'The audit entry the notification is about (null for a reminder)' }) seq: number | null;
  @ApiProperty({ description: 'The event, or for a reminder the event that would meet the deadline' }) eventType: string;
  @ApiProperty({ description: 'Swedish' }) title: string;
  @ApiProperty({ description: 'Swedish' }) text: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readAt: string | null;
}

export class NotificationPageResponse {
  @ApiProperty({ type: [NotificationResponse], description: 'Newest first' }) items: NotificationResponse[];
  @ApiProperty({ description: 'Your notifications, counted up to the next multiple of 1,000 past this page (see totalExact)' }) total: number;
  @ApiProperty({ description: 'false: you have more than total' }) totalExact: boolean;
  @ApiProperty({ description: 'Your unread notifications, counted as far as total is (see unreadExact)' }) unread: number;
  @ApiProperty({ description: 'false: more than unread are unread' }) unreadExact: boolean;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

export class MarkReadResponse {
  @ApiProperty({ description: 'Notifications marked read now' }) marked: number;
  @ApiProperty({ description: 'Still unread, counted up to 1,000 (see unreadExact)' }) unread: number;
  @ApiProperty({ description: 'false: more than unread are still unread' }) unreadExact: boolean;
}
