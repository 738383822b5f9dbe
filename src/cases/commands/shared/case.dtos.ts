import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { IsCalendarDate, IsCreditCode, IsIdNumber, IsInstant } from '../../../shared/http/validators.js';
import type { Party, Violation } from '../../domain/case.js';
import { type Discretion, PENALTY_TYPES, type Penalty, type PenaltyType } from '../../domain/penalties.js';

/** 100 million yuan: far above any penalty, low enough that sums stay exact integers. */
export const MAX_AMOUNT_FEN = 10_000_000_000;
export const DISCRETIONS: readonly Discretion[] = ['standard', 'lighter', 'mitigated'];

export class StepDto {
  @ApiProperty({ example: '2026-03-02T09:30:00+08:00', description: 'When the step happened (not in the future, not before the previous step)' })
  @IsInstant()
  readonly occurredAt!: string;
}

export class PartyDto {
  @ApiProperty({ enum: ['organization', 'person'] })
  @IsIn(['organization', 'person'])
  readonly kind!: 'organization' | 'person';

  @ApiProperty({ example: '重庆某机械制造有限公司' })
  @IsString()
  @Length(1, 200)
  readonly name!: string;

  @ApiPropertyOptional({ example: '91500111MA5U3XQ128', description: 'Required for an organization' })
  @ValidateIf((party: PartyDto) => party.kind === 'organization')
  @IsCreditCode()
  readonly creditCode?: string;

  @ApiPropertyOptional({ example: '陈某' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  readonly legalRepresentative?: string;

  @ApiPropertyOptional({ example: '11010519491231002X', description: 'Required for a person' })
  @ValidateIf((party: PartyDto) => party.kind === 'person')
  @IsIdNumber()
  readonly idNumber?: string;

  @ApiPropertyOptional({ example: '13800000000' })
  @IsOptional()
  @Matches(/^[\d+\- ]{5,20}$/)
  readonly phone?: string;

  @ApiPropertyOptional({ example: '重庆市大足区龙岗街道' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  readonly address?: string;
}

export function toParty(dto: PartyDto): Party {
  return dto.kind === 'organization'
    ? { kind: 'organization', name: dto.name, creditCode: dto.creditCode ?? '', legalRepresentative: dto.legalRepresentative ?? null }
    : { kind: 'person', name: dto.name, idNumber: dto.idNumber ?? '', phone: dto.phone ?? null, address: dto.address ?? null };
}

export class PenaltyDto {
  @ApiProperty({ enum: PENALTY_TYPES })
  @IsIn(PENALTY_TYPES)
  readonly type!: PenaltyType;

  @ApiPropertyOptional({ example: 2_000_000, description: 'In fen; for a fine or a confiscation' })
  @ValidateIf((p: PenaltyDto) => p.type === 'fine' || p.type === 'confiscation')
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_FEN)
  readonly amountFen?: number;

  @ApiPropertyOptional({ example: '安全生产许可证 (渝)JZ安许证字〔2024〕000123', description: 'For a licence suspension or revocation' })
  @ValidateIf((p: PenaltyDto) => p.type === 'licence_suspension' || p.type === 'licence_revocation')
  @IsString()
  @Length(1, 200)
  readonly licence?: string;

  @ApiPropertyOptional({ example: 10, description: 'For a detention' })
  @ValidateIf((p: PenaltyDto) => p.type === 'detention')
  @IsInt()
  @Min(1)
  @Max(20)
  readonly days?: number;
}

export function toPenalty(dto: PenaltyDto): Penalty {
  switch (dto.type) {
    case 'fine':
    case 'confiscation':
      return { type: dto.type, amountFen: dto.amountFen ?? 0 };
    case 'licence_suspension':
    case 'licence_revocation':
      return { type: dto.type, licence: dto.licence ?? '' };
    case 'detention':
      return { type: 'detention', days: dto.days ?? 0 };
    case 'warning':
    case 'suspension_order':
    case 'detention_referral':
      return { type: dto.type };
  }
}

export class ViolationDto {
  @ApiProperty({ example: '未按规定对从业人员进行安全生产教育和培训' })
  @IsString()
  @Length(1, 2000)
  readonly description!: string;

  @ApiProperty({ example: '《安全生产法》第九十七条第三项' })
  @IsString()
  @Length(1, 500)
  readonly legalBasis!: string;

  @ApiPropertyOptional({
    example: '2025-11-20',
    description: 'When the violation was committed, or ended if it continued (APL Art. 36): checked against the limitation period',
  })
  @IsOptional()
  @IsCalendarDate()
  readonly committedOn?: string;

  @ApiPropertyOptional({
    description: 'It endangered life, health or financial security and caused harm: five years instead of two (APL 2021 Art. 36)',
  })
  @IsOptional()
  @IsBoolean()
  readonly harmful?: boolean;
}

/** Only what was given: a violation recorded without a date keeps the shape of the events before dates were. */
export const toViolation = (dto: ViolationDto): Violation => ({
  description: dto.description,
  legalBasis: dto.legalBasis,
  ...(dto.committedOn === undefined ? {} : { committedOn: dto.committedOn }),
  ...(dto.harmful === undefined ? {} : { harmful: dto.harmful }),
});

/** Shared decorators for nested arrays of DTOs. */
export const Nested = (type: () => new () => object): PropertyDecorator => {
  const validate = ValidateNested({ each: true });
  const transform = Type(type);
  return (target, key) => {
    validate(target, key);
    transform(target, key);
  };
};
