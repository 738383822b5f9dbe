import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsCalendarDate } from '../../../shared/http/validators.js';

export class RevokeCertificateRequestDto {
  @ApiProperty({ example: '2026-05-01', format: 'date', description: 'The first day the certificate is no longer valid' })
  @IsCalendarDate()
  readonly revokedOn!: string;

  @ApiProperty({ example: '调离执法岗位' })
  @IsString()
  @Length(1, 500)
  readonly reason!: string;
}
