import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Length, Matches } from 'class-validator';
import { Nested, StepDto } from '../../../cases/commands/shared/case.dtos.js';

export class RecordCorrectionDto {
  @ApiProperty({
    example: 'violations.0.description',
    description: 'The free text to replace: partyName, penaltyBasis, licence, violations.N.description, violations.N.legalBasis or penalties.N.content',
  })
  @IsString()
  @Matches(/^[A-Za-z]+(?:\.\d{1,3}\.[A-Za-z]+)?$/, { message: 'field must name a field of the record, e.g. violations.0.description' })
  readonly field!: string;

  @ApiProperty({ example: '当事人在经营场所违规存放易燃物品' })
  @IsString()
  @Length(1, 4000)
  readonly text!: string;
}

export class ReleaseRedactionRequestDto extends StepDto {
  @ApiPropertyOptional({
    type: [RecordCorrectionDto],
    description: 'Corrected public texts, each redacted again and refused (409) if it still holds personal data or a doubt; none: the draft is confirmed',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Nested(() => RecordCorrectionDto)
  readonly corrections?: RecordCorrectionDto[];
}
