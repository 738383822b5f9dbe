import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { StepDto } from '../shared/case.dtos.js';

export class ClosureRequestDto extends StepDto {}

export class CorrectionRequestDto extends StepDto {
  @ApiProperty({ example: '当事人名称录入错误' })
  @IsString()
  @Length(1, 2000)
  readonly reason!: string;

  @ApiProperty({ example: '当事人名称更正为“重庆某机械制造有限公司”' })
  @IsString()
  @Length(1, 4000)
  readonly correction!: string;
}
