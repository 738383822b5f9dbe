import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import type { Discretion } from '../../domain/penalties.js';
import { DISCRETIONS, Nested, PenaltyDto, StepDto } from '../shared/case.dtos.js';

export class PenaltyNoticeRequestDto extends StepDto {
  @ApiProperty({ type: [PenaltyDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @Nested(() => PenaltyDto)
  readonly penalties!: PenaltyDto[];

  @ApiProperty({ enum: DISCRETIONS, description: 'lighter = 从轻, mitigated = 减轻 (APL Art. 32)' })
  @IsIn(DISCRETIONS)
  readonly discretion!: Discretion;

  @ApiPropertyOptional({ example: '主动消除违法行为危害后果' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  readonly discretionReason?: string;

  @ApiProperty({ example: '《安全生产法》第九十七条第三项' })
  @IsString()
  @Length(1, 1000)
  readonly legalBasis!: string;
}

export class StatementRequestDto extends StepDto {
  @ApiProperty({ example: '当事人称已于次日完成整改，请求从轻处罚' })
  @IsString()
  @Length(1, 4000)
  readonly summary!: string;

  @ApiPropertyOptional({ description: 'The party waives the statement, defence and hearing' })
  @IsOptional()
  @IsBoolean()
  readonly waived?: boolean;
}

export class HearingRequestDto extends StepDto {}

export class HearingDto extends StepDto {
  @ApiProperty({ description: 'The chair: not an investigator of the case' })
  @IsUUID()
  readonly chairOfficerId!: string;

  @ApiProperty({ example: '听证会于区应急管理局会议室公开举行' })
  @IsString()
  @Length(1, 8000)
  readonly summary!: string;
}

export class CollectiveDiscussionDto extends StepDto {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(30)
  @IsUUID('all', { each: true })
  readonly participantIds!: string[];

  @ApiProperty({ example: '同意按拟处罚意见作出处罚决定' })
  @IsString()
  @Length(1, 8000)
  readonly conclusion!: string;
}
