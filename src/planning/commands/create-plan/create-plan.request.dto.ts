import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Nested } from '../../../cases/commands/shared/case.dtos.js';
import { IsCalendarDate, IsCreditCode } from '../../../shared/http/validators.js';
import { RISK_LEVELS, type RiskLevel } from '../../domain/draw.js';

export class PlanPeriodDto {
  @ApiProperty({ example: '2026-04-01' })
  @IsCalendarDate()
  readonly from!: string;

  @ApiProperty({ example: '2026-06-30' })
  @IsCalendarDate()
  readonly to!: string;
}

export class PlanFiltersDto {
  @ApiPropertyOptional({ type: [String], example: ['工贸'], description: 'Empty or absent: every sector' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 50, { each: true })
  readonly sectors?: string[];

  @ApiPropertyOptional({ enum: RISK_LEVELS, isArray: true, description: 'Empty or absent: every level' })
  @IsOptional()
  @IsArray()
  @IsIn(RISK_LEVELS, { each: true })
  readonly riskLevels?: RiskLevel[];
}

export class KeyInspectionDto {
  @ApiProperty({ example: '91500111MA5U3XQ128' })
  @IsCreditCode()
  readonly creditCode!: string;

  @ApiProperty({ example: '上年度发生一般生产安全事故' })
  @IsString()
  @Length(1, 500)
  readonly reason!: string;
}

export class CreatePlanRequestDto {
  @ApiProperty({ example: '2026年第二季度工贸行业“双随机”抽查' })
  @IsString()
  @Length(1, 200)
  readonly name!: string;

  @ApiProperty({ type: [String], description: 'Ids of published inspection items' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  readonly items!: string[];

  @ApiPropertyOptional({ type: PlanFiltersDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PlanFiltersDto)
  readonly filters?: PlanFiltersDto;

  @ApiPropertyOptional({ example: 10, description: 'Per cent of the eligible entities, up to 2 decimals, rounded up (or give sampleCount)' })
  @IsOptional()
  @Type(() => Number)
  @Min(0.01)
  @Max(100)
  readonly samplePercent?: number;

  @ApiPropertyOptional({ example: 20, description: 'How many entities to draw (or give samplePercent)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  readonly sampleCount?: number;

  @ApiProperty({ type: PlanPeriodDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PlanPeriodDto)
  readonly period!: PlanPeriodDto;

  @ApiProperty({ example: 2, minimum: 2, description: 'Inspectors per team (APL Art. 42: at least 2)' })
  @IsInt()
  @Min(2)
  @Max(10)
  readonly inspectorsPerTeam!: number;

  @ApiPropertyOptional({ type: [KeyInspectionDto], description: 'Key inspections (重点检查) of high-risk entities beside the sample' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @Nested(() => KeyInspectionDto)
  readonly keyInspections?: KeyInspectionDto[];

  @ApiPropertyOptional({
    example: '3f0a…',
    description: 'sha256 (hex) of a seed the planner keeps until the draw; absent: the server generates the seed and keeps it secret',
  })
  @IsOptional()
  @Matches(/^[0-9a-f]{64}$/, { message: 'seedCommitment must be 64 lower-case hex digits (sha256)' })
  readonly seedCommitment?: string;
}
