import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { IsCalendarDate } from '../../../shared/http/validators.js';
import type { RectificationMode, Severity } from '../../domain/case.js';
import { StepDto } from '../shared/case.dtos.js';

export class RecordHazardRequestDto extends StepDto {
  @ApiProperty({ example: '二楼消防通道被杂物堵塞' })
  @IsString()
  @Length(1, 2000)
  readonly description!: string;

  @ApiProperty({ enum: ['general', 'major'], description: 'major: 重大事故隐患; the affected work is halted' })
  @IsIn(['general', 'major'])
  readonly severity!: Severity;

  @ApiPropertyOptional({ example: '《安全生产法》第四十一条' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  readonly legalBasis?: string;
}

class HazardIdsDto extends StepDto {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  readonly hazardIds!: string[];
}

export class OrderRectificationRequestDto extends HazardIdsDto {
  @ApiProperty({ enum: ['on_the_spot', 'time_limited'] })
  @IsIn(['on_the_spot', 'time_limited'])
  readonly mode!: RectificationMode;

  @ApiPropertyOptional({ example: '2026-03-16', description: 'Required for time_limited' })
  @IsOptional()
  @IsCalendarDate()
  readonly dueDate?: string;
}

export class CheckRectificationRequestDto extends HazardIdsDto {
  @ApiProperty({ enum: ['rectified', 'not_rectified'] })
  @IsIn(['rectified', 'not_rectified'])
  readonly result!: 'rectified' | 'not_rectified';
}
