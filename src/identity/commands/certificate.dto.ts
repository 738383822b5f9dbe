import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsCalendarDate } from '../../shared/http/validators.js';

export class CertificateDto {
  @ApiProperty({ example: '渝执500111001', description: 'Number of the enforcement certificate (行政执法证)' })
  @IsString()
  @Length(1, 64)
  readonly number!: string;

  @ApiProperty({ example: '2025-01-01', format: 'date' })
  @IsCalendarDate()
  readonly validFrom!: string;

  @ApiProperty({ example: '2027-12-31', format: 'date' })
  @IsCalendarDate()
  readonly validUntil!: string;
}
