import type { Type } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type as TransformTo } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** Most rows one page of a limit/offset list holds. */
export const MAX_PAGE_SIZE = 100;
/** Rows a page holds when the query names no limit. */
export const DEFAULT_PAGE_SIZE = 20;
/** The deepest a list can be paged by offset; past it, filter instead. */
export const MAX_OFFSET = 1_000_000;

/** A page of a list paged by `limit` and `offset`, as a controller receives it: validated, defaults applied. */
export interface Page {
  limit: number;
  offset: number;
}

/**
 * The `limit` and `offset` query parameters of a list paged by offset, with `defaultLimit` rows
 * when no limit is given. Extend it (or {@link PageQuery}) with a list's own filters.
 */
export function pageQuery(defaultLimit: number = DEFAULT_PAGE_SIZE): Type<Page> {
  class PageQueryDto implements Page {
    @ApiPropertyOptional({ default: defaultLimit, minimum: 1, maximum: MAX_PAGE_SIZE })
    @IsOptional()
    @TransformTo(() => Number)
    @IsInt()
    @Min(1)
    @Max(MAX_PAGE_SIZE)
    limit: number = defaultLimit;

    @ApiPropertyOptional({ default: 0, minimum: 0, maximum: MAX_OFFSET })
    @IsOptional()
    @TransformTo(() => Number)
    @IsInt()
    @Min(0)
    @Max(MAX_OFFSET)
    offset: number = 0;
  }
  return PageQueryDto;
}

/** The usual page: {@link DEFAULT_PAGE_SIZE} rows unless `limit` says otherwise, at most {@link MAX_PAGE_SIZE}. */
export class PageQuery extends pageQuery() {}
