import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CHANGE_REQUEST_TYPES, type ChangeRequestType } from '../change-request.types';
import { LIST_ORDERS, LIST_SORTS, type ListOrder, type ListSort } from '../list-order';

export class ListChangeRequestsQuery {
  @ApiPropertyOptional({ description: 'Top-level state, e.g. dialogue' })
  @IsOptional()
  @Matches(/^[a-z_]{1,60}$/)
  state?: string;

  @ApiPropertyOptional({ description: 'Organisation id; a kommunalförbund also matches its members' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{2,64}$/)
  organisation?: string;

  @ApiPropertyOptional({ enum: CHANGE_REQUEST_TYPES })
  @IsOptional()
  @IsIn(CHANGE_REQUEST_TYPES)
  type?: ChangeRequestType;

  @ApiPropertyOptional({
    description:
      'Words in the title, description, justification or registration number: every word must match the start ' +
      'of a word (förändr finds förändringar), case and diacritics aside (boras finds Borås). ' +
      'Ranked: without sort, the best match comes first.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  text?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: only requests with a running deadline past its due date' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({ enum: ['me'], description: "me: only requests with a running deadline awaiting the caller's role" })
  @IsOptional()
  @IsIn(['me'])
  awaiting?: 'me';

  @ApiPropertyOptional({
    enum: LIST_SORTS,
    description:
      'received: when registered (drafts by creation); updated: last change; state; reference; ' +
      'title: alphabetically in Swedish (å, ä, ö after z; case and accents aside); ' +
      'organisation: by the requesting organisations\' names, likewise; ' +
      'relevance: best match of text first. Default: relevance with text, updated otherwise',
  })
  @IsOptional()
  @IsIn(LIST_SORTS)
  sort?: ListSort;

  @ApiPropertyOptional({
    enum: LIST_ORDERS,
    description:
      'Default: desc (newest first) for received and updated, asc (A–Ö) for state, reference, title and organisation, ' +
      'asc (best first) for relevance',
  })
  @IsOptional()
  @IsIn(LIST_ORDERS)
  order?: ListOrder;

  @ApiPropertyOptional({
    description:
      'Keyset position: the nextCursor of the previous page, with the same sort and order. ' +
      'Any page costs what the first does; page is then ignored.',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,1200}$/, { message: 'cursor must be a nextCursor this list handed out' })
  cursor?: string;

  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: 100_000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page: number = 1;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize: number = 20;

  @ApiPropertyOptional({
    enum: ['json', 'csv'],
    description:
      'csv (or the header Accept: text/csv): the whole filtered list as a CSV download, in the same order; ' +
      'page, pageSize and cursor do not apply',
  })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}
