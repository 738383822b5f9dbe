import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { DELIVERY_METHODS, type DeliveryMethod, NO_PENALTY_REASONS, type NoPenaltyReason, type Procedure } from '../../domain/case.js';
import type { Discretion } from '../../domain/penalties.js';
import { DISCRETIONS, MAX_AMOUNT_FEN, Nested, PenaltyDto, StepDto } from '../shared/case.dtos.js';

export class DecisionRequestDto extends StepDto {
  @ApiPropertyOptional({ enum: ['general', 'simple'], default: 'general', description: 'simple: 当场处罚 by an officer of the case' })
  @IsOptional()
  @IsIn(['general', 'simple'])
  readonly procedure?: Procedure;

  @ApiProperty({ enum: ['penalty', 'no_penalty'] })
  @IsIn(['penalty', 'no_penalty'])
  readonly outcome!: 'penalty' | 'no_penalty';

  @ApiProperty({ example: '大足应急罚〔2026〕12号', description: 'Unique per agency and year' })
  @IsString()
  @Length(1, 100)
  readonly decisionNumber!: string;

  @ApiPropertyOptional({ type: [PenaltyDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @Nested(() => PenaltyDto)
  readonly penalties?: PenaltyDto[];

  @ApiPropertyOptional({ enum: DISCRETIONS, default: 'standard' })
  @IsOptional()
  @IsIn(DISCRETIONS)
  readonly discretion?: Discretion;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  readonly discretionReason?: string;

  @ApiPropertyOptional({ enum: NO_PENALTY_REASONS })
  @IsOptional()
  @IsIn(NO_PENALTY_REASONS)
  readonly noPenaltyReason?: NoPenaltyReason;

  @ApiPropertyOptional({
    example: '《安全生产法》第九十七条',
    description: 'The provision the penalty is imposed under (处罚依据); by default the one the notice named',
  })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  readonly legalBasis?: string;
}

export class DeliveryRequestDto extends StepDto {
  @ApiProperty({ enum: DELIVERY_METHODS })
  @IsIn(DELIVERY_METHODS)
  readonly method!: DeliveryMethod;
}

export class PaymentRequestDto extends StepDto {
  @ApiProperty({ example: 2_000_000, description: 'In fen' })
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_FEN * 2)
  readonly amountFen!: number;
}

export class RevocationRequestDto extends StepDto {
  @ApiProperty({ example: '经行政复议撤销' })
  @IsString()
  @Length(1, 2000)
  readonly reason!: string;
}
