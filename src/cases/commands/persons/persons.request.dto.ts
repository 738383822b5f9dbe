import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { IsIdNumber } from '../../../shared/http/validators.js';
import { CASE_PERSON_ROLES, type CasePersonRole } from '../../domain/persons.js';
import { Nested, StepDto } from '../shared/case.dtos.js';

export const MAX_PERSONS_PER_REQUEST = 50;

export class CasePersonDto {
  @ApiPropertyOptional({ description: 'A person already recorded on the case, to correct; absent: a new person, whose id the answer gives' })
  @IsOptional()
  @IsUUID()
  readonly personId?: string;

  @ApiProperty({ enum: CASE_PERSON_ROLES, description: 'operator: 个体工商户经营者; injured: 受伤人员; worker: 从业人员' })
  @IsIn(CASE_PERSON_ROLES)
  readonly role!: CasePersonRole;

  @ApiProperty({ example: '李小明' })
  @IsString()
  @Length(1, 100)
  readonly name!: string;

  @ApiPropertyOptional({ example: '11010519491231002X', description: '18 characters, with a valid birth date and check character' })
  @IsOptional()
  @IsIdNumber()
  readonly idNumber?: string;

  @ApiPropertyOptional({ example: '13812345678' })
  @IsOptional()
  @Matches(/^[\d+\- ]{5,20}$/, { message: 'phone must be 5 to 20 digits, spaces, + or -' })
  readonly phone?: string;

  @ApiPropertyOptional({ example: '重庆市大足区龙岗街道幸福路8号' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  readonly address?: string;
}

export class RecordCasePersonsRequestDto extends StepDto {
  @ApiProperty({ type: [CasePersonDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PERSONS_PER_REQUEST)
  @Nested(() => CasePersonDto)
  readonly persons!: CasePersonDto[];
}

export class RemoveCasePersonRequestDto extends StepDto {
  @ApiProperty({ example: '误将无关人员录入本案' })
  @IsString()
  @Length(1, 2000)
  readonly reason!: string;
}
