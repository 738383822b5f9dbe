import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsString, Length, Max, Min } from 'class-validator';
import { IsCalendarDate } from '../../../shared/http/validators.js';
import { REMEDY_OUTCOMES, type RemedyKind, type RemedyOutcome } from '../../domain/case.js';
import { MAX_AMOUNT_FEN, Nested, StepDto } from '../shared/case.dtos.js';

const REMEDY_KINDS: readonly RemedyKind[] = ['reconsideration', 'lawsuit'];

export class InstalmentDto {
  @ApiProperty({ example: '2026-06-30' })
  @IsCalendarDate()
  readonly dueOn!: string;

  @ApiProperty({ example: 1_000_000, description: 'In fen' })
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_FEN * 2)
  readonly amountFen!: number;
}

export class PaymentDeferralRequestDto extends StepDto {
  @ApiProperty({ enum: ['deferral', 'instalments'], description: '暂缓 (one later date) or 分期 (two or more instalments)' })
  @IsIn(['deferral', 'instalments'])
  readonly kind!: 'deferral' | 'instalments';

  @ApiProperty({ type: [InstalmentDto], description: 'Adding up to what is due on the day it is approved' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(36)
  @Nested(() => InstalmentDto)
  readonly instalments!: InstalmentDto[];

  @ApiProperty({ example: '当事人确有经济困难，申请分期缴纳罚款，经批准' })
  @IsString()
  @Length(1, 2000)
  readonly reason!: string;
}

export class RemedyRequestDto extends StepDto {
  @ApiProperty({ enum: REMEDY_KINDS, description: '行政复议 or 行政诉讼' })
  @IsIn(REMEDY_KINDS)
  readonly kind!: RemedyKind;
}

export class RemedyOutcomeRequestDto extends RemedyRequestDto {
  @ApiProperty({ enum: REMEDY_OUTCOMES })
  @IsIn(REMEDY_OUTCOMES)
  readonly outcome!: RemedyOutcome;

  @ApiProperty({ example: '复议机关决定维持原行政处罚决定' })
  @IsString()
  @Length(1, 2000)
  readonly reason!: string;
}

export class ReminderRequestDto extends StepDto {}

export class CourtEnforcementRequestDto extends StepDto {
  @ApiProperty({ example: '重庆市大足区人民法院' })
  @IsString()
  @Length(1, 200)
  readonly court!: string;
}
