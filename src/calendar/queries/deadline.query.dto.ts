import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { RequestValidationError } from '../../shared/http/problem.js';
import { IsCalendarDate } from '../../shared/http/validators.js';

/** A year and a day: enough for every statutory period (the longest, 90 days to decide, and its extensions). */
export const LONGEST_PERIOD_DAYS = 366;

export type PeriodUnit = 'workingDays' | 'calendarDays';

export class DeadlineQueryDto {
  @ApiProperty({ example: '2025-09-30', format: 'date', description: 'The start day, itself not counted' })
  @IsCalendarDate()
  readonly from!: string;

  @ApiPropertyOptional({ example: 5, minimum: 1, maximum: LONGEST_PERIOD_DAYS, description: 'Give this or calendarDays' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(LONGEST_PERIOD_DAYS)
  readonly workingDays?: number;

  @ApiPropertyOptional({ example: 15, minimum: 1, maximum: LONGEST_PERIOD_DAYS, description: 'Give this or workingDays' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(LONGEST_PERIOD_DAYS)
  readonly calendarDays?: number;
}

/** The one period the query names; naming none or both is a field error on both. */
export function periodOf(query: DeadlineQueryDto): { unit: PeriodUnit; days: number } {
  const { workingDays, calendarDays } = query;
  if (workingDays !== undefined && calendarDays === undefined) return { unit: 'workingDays', days: workingDays };
  if (calendarDays !== undefined && workingDays === undefined) return { unit: 'calendarDays', days: calendarDays };
  const messages = ['give exactly one of workingDays and calendarDays'];
  throw new RequestValidationError([
    { field: 'workingDays', messages },
    { field: 'calendarDays', messages },
  ]);
}
