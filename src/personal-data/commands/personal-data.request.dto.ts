import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

/** Why the administrator acts: recorded in the audit event; it must not quote the person's data. */
export class PersonalDataActionRequestDto {
  @ApiProperty({ example: '当事人依《个人信息保护法》第四十七条申请删除' })
  @IsString()
  @Length(1, 1000)
  readonly reason!: string;
}

export class SubjectsQueryDto {
  @ApiProperty({ example: 'case-3f0c6a1e-2b7d-4e7a-9a57-7d1f3c9b2e10', description: 'A case or licensing stream.' })
  @IsString()
  @Matches(/^(case|licensing)-[0-9a-f-]{36}$/)
  readonly record!: string;
}
