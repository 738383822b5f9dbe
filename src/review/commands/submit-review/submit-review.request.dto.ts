import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsObject, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { DISCRETIONS, Nested, PenaltyDto, StepDto } from '../../../cases/commands/shared/case.dtos.js';
import type { Discretion } from '../../../cases/domain/penalties.js';
import { REVIEW_FLAG_KINDS, type ReviewFlagKind } from '../../domain/catalogue.js';

export class ProposedDecisionDto {
  @ApiProperty({ enum: ['penalty', 'no_penalty'] })
  @IsIn(['penalty', 'no_penalty'])
  readonly outcome!: 'penalty' | 'no_penalty';

  @ApiProperty({ type: [PenaltyDto] })
  @IsArray()
  @ArrayMaxSize(10)
  @Nested(() => PenaltyDto)
  readonly penalties!: PenaltyDto[];

  @ApiProperty({ enum: DISCRETIONS })
  @IsIn(DISCRETIONS)
  readonly discretion!: Discretion;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  readonly discretionReason?: string;
}

export class ReviewFlagDto {
  @ApiProperty({ enum: REVIEW_FLAG_KINDS })
  @IsIn(REVIEW_FLAG_KINDS)
  readonly kind!: ReviewFlagKind;

  @ApiProperty({ example: '涉及多个生产经营单位之间的承包租赁关系' })
  @IsString()
  @Length(1, 1000)
  readonly reason!: string;
}

export class SubmitReviewRequestDto extends StepDto {
  @ApiProperty({ type: ProposedDecisionDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ProposedDecisionDto)
  readonly proposedDecision!: ProposedDecisionDto;

  @ApiPropertyOptional({ type: [ReviewFlagDto], description: 'APL Art. 58 grounds an officer or head flags' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(3)
  @Nested(() => ReviewFlagDto)
  readonly flags?: ReviewFlagDto[];
}
