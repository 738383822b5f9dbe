import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { IsCalendarDate } from '../../shared/http/validators.js';
import type { CaseStatus } from '../domain/case.js';

export const CASE_STATUSES: readonly CaseStatus[] = ['open', 'filed', 'noticed', 'decided', 'delivered', 'closed'];

export class ListCasesQueryDto {
  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional()
  @IsIn(CASE_STATUSES)
  readonly status?: CaseStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[0-9A-Z]{18}$/)
  readonly partyCreditCode?: string;

  @ApiPropertyOptional({ description: 'Part of the party name' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  readonly partyName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  readonly officerId?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Opened on or after (Asia/Shanghai)' })
  @IsOptional()
  @IsCalendarDate()
  readonly from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Opened on or before (Asia/Shanghai)' })
  @IsOptional()
  @IsCalendarDate()
  readonly to?: string;

  @ApiPropertyOptional({ description: 'District users only: one agency' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{1,63}$/)
  readonly agency?: string;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  readonly page?: number;

  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  readonly pageSize?: number;
}
