import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsObject, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { CASE_SOURCES, type CaseSource } from '../../domain/case.js';
import { PartyDto, StepDto } from '../shared/case.dtos.js';

export class OpenCaseRequestDto extends StepDto {
  @ApiProperty({ enum: CASE_SOURCES })
  @IsIn(CASE_SOURCES)
  readonly source!: CaseSource;

  @ApiPropertyOptional({ example: '2026年安全生产大检查' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  readonly campaign?: string;

  @ApiProperty({ type: PartyDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PartyDto)
  readonly party!: PartyDto;

  @ApiProperty({ type: [String], description: 'At least 2 officers certified on the day of the inspection' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  readonly officerIds!: string[];

  @ApiProperty({ example: '重庆市大足区龙岗街道某工业园3号厂房' })
  @IsString()
  @Length(1, 300)
  readonly location!: string;

  @ApiProperty({ example: '对该公司安全生产情况进行日常检查' })
  @IsString()
  @Length(1, 4000)
  readonly summary!: string;
}
