import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../shared/http/auth.decorators.js';
import { canSeeAgency } from '../shared/domain/roles.js';
import { notFound } from '../shared/domain/errors.js';
import { Ctx, type RequestContext } from '../shared/http/request-context.js';
import { LogIntegrity, type StreamIntegrity } from './ledger/log-integrity.js';

/**
 * Lets an auditor re-verify a stream: tampering with a stored event shows as its first broken link, a stream cut back
 * or deleted whole as what the ledger sealed of it and is gone.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('streams')
export class AuditController {
  constructor(private readonly integrity: LogIntegrity) {}

  @Get(':streamId/verification')
  @Roles('auditor', 'admin')
  async verify(@Ctx() context: RequestContext, @Param('streamId') streamId: string): Promise<StreamIntegrity> {
    const agency = await this.integrity.agencyOf(streamId);
    if (!agency || !canSeeAgency(context.actor, agency)) throw notFound('Stream', streamId, 'STREAM_NOT_FOUND');
    return this.integrity.verifyStream(streamId);
  }
}
