import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsObject, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { ROLES, type Role } from '../../../shared/domain/roles.js';
import { CertificateDto } from '../certificate.dto.js';

export class RegisterOfficerRequestDto {
  @ApiProperty({ example: '张伟' })
  @IsString()
  @Length(1, 100)
  readonly name!: string;

  @ApiProperty({ example: 'dazu-emb', description: 'The agency the officer works for' })
  @Matches(/^[a-z0-9][a-z0-9-]{1,63}$/, { message: 'agency must be an agency id such as dazu-emb' })
  readonly agency!: string;

  @ApiProperty({ enum: ROLES, isArray: true, example: ['officer'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  readonly roles!: Role[];

  @ApiProperty({ type: CertificateDto })
  @IsObject()
  @ValidateNested()
  @Type(() => CertificateDto)
  readonly certificate!: CertificateDto;
}
