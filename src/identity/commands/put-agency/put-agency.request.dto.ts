import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsString, Length } from 'class-validator';
import { IsCreditCode } from '../../../shared/http/validators.js';
import { AGENCY_POWERS, type AgencyPower } from '../../domain/agency.js';

export class PutAgencyRequestDto {
  @ApiProperty({ example: '重庆市大足区应急管理局' })
  @IsString()
  @Length(1, 200)
  readonly name!: string;

  @ApiProperty({ example: '区应急管理局' })
  @IsString()
  @Length(1, 50)
  readonly shortName!: string;

  @ApiProperty({ example: '11500111009294712Y', description: '统一社会信用代码 of the agency' })
  @IsCreditCode()
  readonly creditCode!: string;

  @ApiProperty({ enum: AGENCY_POWERS, isArray: true, example: ['confiscation', 'production_suspension'] })
  @IsArray()
  @ArrayMaxSize(AGENCY_POWERS.length)
  @IsIn(AGENCY_POWERS, { each: true })
  readonly powers!: AgencyPower[];
}
