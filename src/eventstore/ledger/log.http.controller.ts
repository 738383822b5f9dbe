import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsArray, IsOptional, IsString, MaxLength, ArrayMaxSize } from 'class-validator';
import { Public, Roles } from '../../shared/http/auth.decorators.js';
import { RequestValidationError } from '../../shared/http/problem.js';
import { type Checkpoint, formatCheckpoint } from './checkpoint.js';
import { CheckpointService } from './checkpoints.js';
import { LogIntegrity } from './log-integrity.js';
import { type LogVerification } from './log-verification.js';

interface PublishedCheckpoint extends Checkpoint {
  /** The line to keep: `casetrail verify --checkpoint '<line>'` proves against it that nothing it covers was cut. */
  readonly line: string;
}

const published = (checkpoint: Checkpoint): PublishedCheckpoint => ({ ...checkpoint, line: formatCheckpoint(checkpoint) });

export class VerifyLogRequest {
  /** Checkpoint lines kept outside the system (from a public page or an export), each checked against the log. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(400, { each: true })
  readonly checkpoints?: string[];
}

/**
 * The ledger's signed checkpoints, public (they are printed on every public page anyway), and the verification of
 * the whole log, for auditors.
 */
@ApiTags('audit')
@Controller('log')
export class LogController {
  constructor(
    private readonly checkpoints: CheckpointService,
    private readonly integrity: LogIntegrity,
  ) {}

  @Get('checkpoints')
  @Public()
  async list(@Query('before') before?: string): Promise<{ items: PublishedCheckpoint[]; publicKey: string }> {
    const number = before === undefined ? undefined : Number(before);
    if (number !== undefined && !(Number.isSafeInteger(number) && number >= 1)) {
      throw new RequestValidationError([{ field: 'before', messages: ['before must be a checkpoint number (a positive integer)'] }]);
    }
    const items = await this.checkpoints.list(100, number);
    return { items: items.map(published), publicKey: this.checkpoints.key.publicKeyPem };
  }

  @Get('checkpoints/latest')
  @Public()
  async latest(): Promise<{ checkpoint: PublishedCheckpoint | null; publicKey: string }> {
    const checkpoint = await this.checkpoints.latest();
    return { checkpoint: checkpoint ? published(checkpoint) : null, publicKey: this.checkpoints.key.publicKeyPem };
  }

  /** Signs the ledger head now, if it has grown since the last checkpoint. */
  @Post('checkpoints')
  @HttpCode(200)
  @ApiBearerAuth()
  @Roles('admin')
  async sign(): Promise<{ checkpoint: PublishedCheckpoint | null }> {
    const checkpoint = await this.checkpoints.sign();
    return { checkpoint: checkpoint ? published(checkpoint) : null };
  }

  /** The whole log re-verified: every stream, the ledger, every checkpoint and the ones given. */
  @Post('verification')
  @HttpCode(200)
  @ApiBearerAuth()
  @Roles('auditor', 'admin')
  verify(@Body() body: VerifyLogRequest): Promise<LogVerification> {
    return this.integrity.verifyLog(body.checkpoints ?? []);
  }
}
