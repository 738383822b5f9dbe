import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { IsCalendarDate } from '../../shared/http/validators.js';
import { ROLES, type Role } from '../../shared/domain/roles.js';

export class ListOfficersQueryDto {
  @ApiPropertyOptional({ description: 'Agency id; only district users may name another agency than their own' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{1,63}$/)
  readonly agency?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  readonly role?: Role;

  @ApiPropertyOptional({ description: 'Only officers whose certificate is valid on this date', format: 'date' })
  @IsOptional()
  @IsCalendarDate()
  readonly certifiedOn?: string;

  @ApiPropertyOptional({ default: 100, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  readonly limit?: number;

  @ApiPropertyOptional({ default: 0, maximum: 1_000_000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  // Unbounded, a huge integer reached PostgreSQL's OFFSET as 1e+23 and failed there.
  @Max(1_000_000)
  readonly offset?: number;
}
