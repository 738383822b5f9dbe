import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsObject, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { StepDto } from '../../../cases/commands/shared/case.dtos.js';
import type { ReviewOutcome } from '../../domain/review.js';

export class FindingDto {
  @ApiProperty({ description: 'false: a problem was found on this point' })
  @IsBoolean()
  readonly ok!: boolean;

  @ApiPropertyOptional({ example: '询问笔录缺少当事人签名' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  readonly note?: string;
}

const finding = (): PropertyDecorator => {
  const present = IsObject();
  const nested = ValidateNested();
  const type = Type(() => FindingDto);
  return (target, key) => {
    present(target, key);
    nested(target, key);
    type(target, key);
  };
};

export class FindingsDto {
  @ApiProperty({ type: FindingDto, description: '主体' }) @finding() readonly subject!: FindingDto;
  @ApiProperty({ type: FindingDto, description: '权限' }) @finding() readonly authority!: FindingDto;
  @ApiProperty({ type: FindingDto, description: '程序' }) @finding() readonly procedure!: FindingDto;
  @ApiProperty({ type: FindingDto, description: '事实' }) @finding() readonly facts!: FindingDto;
  @ApiProperty({ type: FindingDto, description: '证据' }) @finding() readonly evidence!: FindingDto;
  @ApiProperty({ type: FindingDto, description: '法律适用' }) @finding() readonly lawApplication!: FindingDto;
  @ApiProperty({ type: FindingDto, description: '裁量' }) @finding() readonly discretion!: FindingDto;
  @ApiProperty({ type: FindingDto, description: '文书' }) @finding() readonly documents!: FindingDto;
  @ApiProperty({ type: FindingDto, description: '涉嫌犯罪移送: ok = none suspected' }) @finding() readonly crimeTransfer!: FindingDto;
}

export class GiveOpinionRequestDto extends StepDto {
  @ApiProperty({ enum: ['approved', 'returned'] })
  @IsIn(['approved', 'returned'])
  readonly outcome!: ReviewOutcome;

  @ApiProperty({ type: FindingsDto })
  @IsObject()
  @ValidateNested()
  @Type(() => FindingsDto)
  readonly findings!: FindingsDto;

  @ApiProperty({ example: '同意' })
  @IsString()
  @Length(1, 8000)
  readonly opinion!: string;
}

export class ExtendReviewRequestDto extends StepDto {
  @ApiProperty({ example: '案情复杂，需补充调阅证据' })
  @IsString()
  @Length(1, 1000)
  readonly reason!: string;
}
