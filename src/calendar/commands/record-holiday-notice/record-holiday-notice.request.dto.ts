import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, Length, Matches } from 'class-validator';
import { IsCalendarDate } from '../../../shared/http/validators.js';

export class RecordHolidayNoticeRequestDto {
  @ApiProperty({ example: '国办发明电〔2026〕12号' })
  @IsString()
  @Length(1, 100)
  @Matches(/\S/, { message: '$property must not be blank' })
  readonly noticeNumber!: string;

  @ApiProperty({ example: '2026-11-10', format: 'date' })
  @IsCalendarDate()
  readonly publishedOn!: string;

  @ApiProperty({
    example: ['2027-01-01', '2027-01-02', '2027-01-03'],
    description: 'Every day of every holiday span, weekend days within a span included',
  })
  @IsArray()
  @ArrayMaxSize(100)
  @IsCalendarDate({ each: true })
  readonly holidays!: string[];

  @ApiProperty({ example: ['2027-02-20'], description: 'Weekend days designated as working days (调休上班)' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsCalendarDate({ each: true })
  readonly workdays!: string[];
}
