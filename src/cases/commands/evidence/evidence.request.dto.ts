import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { EVIDENCE_KINDS, type EvidenceKind } from '../../domain/case.js';
import { StepDto } from '../shared/case.dtos.js';

export class RecordEvidenceRequestDto extends StepDto {
  @ApiProperty({ enum: EVIDENCE_KINDS })
  @IsIn(EVIDENCE_KINDS)
  readonly kind!: EvidenceKind;

  @ApiProperty({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', description: 'SHA-256 of the file, 64 hex characters' })
  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 lower-case hex characters' })
  readonly sha256!: string;

  @ApiProperty({ example: 10485760 })
  @IsInt()
  @Min(0)
  @Max(1_099_511_627_776)
  readonly sizeBytes!: number;

  @ApiProperty({ example: 'evidence://dazu-emb/2026/03/02/body-cam-0042.mp4', description: 'Where the file is kept' })
  @IsString()
  @Length(1, 1000)
  readonly uri!: string;

  @ApiProperty({ description: 'The officer who captured it' })
  @IsUUID()
  readonly capturedBy!: string;

  @ApiProperty({ example: '执法记录仪全程录像' })
  @IsString()
  @Length(1, 2000)
  readonly description!: string;

  @ApiPropertyOptional({ description: 'The evidence this replaces; evidence is never edited, only superseded' })
  @IsOptional()
  @IsUUID()
  readonly supersedes?: string;
}
