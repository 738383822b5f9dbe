import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Roles } from '../identity/auth/auth.decorators.js';
import { canSeeAgency } from '../identity/domain/roles.js';
import { notFound } from '../shared/domain/errors.js';
import { Ctx, type RequestContext } from '../shared/http/request-context.js';
import { PostgresEventStore, type VerifyResult } from './event-store.js';

/** Lets an auditor re-verify a stream's hash chain: tampering with a stored event shows as its first broken link. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('streams')
export class AuditController {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly db: DataSource,
  ) {}

  @Get(':streamId/verification')
  @Roles('auditor', 'admin')
  async verify(@Ctx() context: RequestContext, @Param('streamId') streamId: string): Promise<VerifyResult> {
    const [stream] = await this.db.query<{ agency_id: string }[]>('SELECT agency_id FROM streams WHERE stream_id = $1', [
      streamId,
    ]);
    if (!stream || !canSeeAgency(context.actor, stream.agency_id)) throw notFound('Stream', streamId, 'STREAM_NOT_FOUND');
    return this.store.verifyStream(streamId);
  }
}
