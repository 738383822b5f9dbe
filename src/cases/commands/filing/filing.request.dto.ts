import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import type { Procedure } from '../../domain/case.js';
import { Nested, PenaltyDto, StepDto, ViolationDto } from '../shared/case.dtos.js';

export class FileCaseRequestDto extends StepDto {
  @ApiProperty({ enum: ['simple', 'general'] })
  @IsIn(['simple', 'general'])
  readonly procedure!: Procedure;

  @ApiProperty({ type: [ViolationDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Nested(() => ViolationDto)
  readonly violations!: ViolationDto[];

  @ApiProperty({ description: 'The head (负责人) who approved the filing' })
  @IsUUID()
  readonly approvedBy!: string;

  @ApiPropertyOptional({ type: [PenaltyDto], description: 'Required for the simple procedure: must be within APL Art. 51' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @Nested(() => PenaltyDto)
  readonly intendedPenalties?: PenaltyDto[];

  @ApiPropertyOptional({ description: 'A complex case: the decision needs a collective discussion (集体讨论)' })
  @IsOptional()
  @IsBoolean()
  readonly complex?: boolean;
}

export class ExtendDecisionPeriodRequestDto extends StepDto {
  @ApiProperty({ example: 30, description: 'Calendar days added to the decision deadline' })
  @IsInt()
  @Min(1)
  @Max(90)
  readonly days!: number;

  @ApiProperty({ example: '案情复杂，经负责人批准延长办案期限' })
  @IsString()
  @Length(1, 1000)
  readonly reason!: string;

  @ApiPropertyOptional({
    enum: ['head', 'higher_authority'],
    default: 'head',
    description: "Who approved it: the head who records it, or the higher authority (上一级部门) for the rule set's last step",
  })
  @IsOptional()
  @IsIn(['head', 'higher_authority'])
  readonly approval?: 'head' | 'higher_authority';

  @ApiPropertyOptional({ example: '渝应急函〔2019〕12号', description: "The higher authority's approval document" })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  readonly approvalReference?: string;
}
