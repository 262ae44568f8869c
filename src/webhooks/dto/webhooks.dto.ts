import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsString, MaxLength, MinLength } from 'class-validator';
import { ALL_EVENTS, MAX_EVENTS, MAX_URL_LENGTH, MIN_SECRET_LENGTH } from '../webhook.types';

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://integration.example.org/andringsbegaran', description: 'An absolute http:// or https:// URL without credentials' })
  @IsString()
  @MaxLength(MAX_URL_LENGTH)
  url: string;

  @ApiProperty({
    type: [String],
    example: ['SUBMIT', 'DECIDE'],
    description: `Event types of the loaded change-request workflows, or ["${ALL_EVENTS}"] for every event`,
  })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(MAX_EVENTS)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  events: string[];

  @ApiProperty({ minLength: MIN_SECRET_LENGTH, maxLength: 256, writeOnly: true, description: 'Signs every delivery (HMAC-SHA256); never returned' })
  @IsString()
  @MinLength(MIN_SECRET_LENGTH)
  @MaxLength(256)
  secret: string;
}

export class WebhookResponse {
  @ApiProperty() id: string;
  @ApiProperty() url: string;
  @ApiProperty({ type: [String] }) events: string[];
  @ApiProperty({ description: 'false: deleted; it gets no new deliveries, its history stays' }) active: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ description: 'The administrator who created it' }) createdBy: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deactivatedAt: string | null;
}

export class WebhookAttemptResponse {
  @ApiProperty({ description: '1 for the first try' }) n: number;
  @ApiProperty({ format: 'date-time', description: 'When the attempt started' }) at: string;
  @ApiProperty({ type: Number, nullable: true, description: "The receiver's HTTP status; null when there was no answer" }) statusCode: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why there was no answer (TIMEOUT, ECONNREFUSED, LEASE_EXPIRED …); null when there was one or the attempt is under way',
  })
  error: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'null while under way' }) durationMs: number | null;
}

export class WebhookDeliveryResponse {
  @ApiProperty({ description: 'Also the Idempotency-Key of every attempt' }) id: string;
  @ApiProperty({ description: 'The audit entry delivered' }) seq: number;
  @ApiProperty() changeRequestId: string;
  @ApiProperty() eventType: string;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] }) status: 'pending' | 'delivered' | 'failed';
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the next try is due; null unless pending' })
  nextAttemptAt: string | null;
  @ApiProperty({ type: [WebhookAttemptResponse], description: 'Oldest first' }) attempts: WebhookAttemptResponse[];
}

export class WebhookDeliveryPageResponse {
  @ApiProperty({ type: [WebhookDeliveryResponse], description: 'Newest first' }) items: WebhookDeliveryResponse[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}
