import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, IsUUID, Length } from 'class-validator';
import { handleCommand, loadAggregate } from '../../../eventstore/command-handling.js';
import { PostgresEventStore } from '../../../eventstore/event-store.js';
import { evolveOfficer, initialOfficer, officerStreamId } from '../../../identity/domain/officer.js';
import { Roles } from '../../../shared/http/auth.decorators.js';
import { Clock } from '../../../shared/clock.js';
import { withVersion } from '../../../shared/http/reply.js';
import { Ctx, type RequestContext } from '../../../shared/http/request-context.js';
import { metadataFor } from '../../../eventstore/request-metadata.js';
import { IsCreditCode } from '../../../shared/http/validators.js';
import { recusalsDecider, recusalsStreamId } from '../../domain/pools.js';
import { MANAGE_PLANNING, READ_PLANNING } from '../../planning.roles.js';

export class RecordRecusalRequestDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  readonly officerId!: string;

  @ApiProperty({ example: '91500111MA5U3XQ128' })
  @IsCreditCode()
  readonly creditCode!: string;

  @ApiProperty({ example: '检查员的配偶在该企业任安全主管' })
  @IsString()
  @Length(1, 500)
  readonly reason!: string;
}

export class LiftRecusalRequestDto {
  @ApiProperty({ example: '亲属已离职' })
  @IsString()
  @Length(1, 500)
  readonly reason!: string;
}

/** Links between an inspector and an entity (conflicts of interest, APL Art. 43): the draw never pairs them. */
@ApiTags('planning')
@ApiBearerAuth()
@Controller('planning/recusals')
export class RecusalsController {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly clock: Clock,
  ) {}

  @Post()
  @Roles(...MANAGE_PLANNING)
  async record(@Ctx() context: RequestContext, @Body() body: RecordRecusalRequestDto) {
    const agencyId = context.actor.agencyId;
    const officer = await loadAggregate(this.store, officerStreamId(body.officerId), { evolve: evolveOfficer, initialState: initialOfficer });
    const recusalId = randomUUID();
    const occurredAt = this.clock.now().toISOString();
    const { version } = await handleCommand(
      this.store,
      recusalsStreamId(agencyId),
      recusalsDecider,
      {
        type: 'RecordRecusal',
        agencyId,
        occurredAt,
        recusalId,
        officerId: body.officerId,
        officerAgencyId: officer.state.status === 'registered' ? officer.state.agencyId : null,
        creditCode: body.creditCode,
        reason: body.reason,
      },
      { metadata: metadataFor(context, agencyId, occurredAt) },
    );
    return withVersion({ recusalId, version }, version);
  }

  @Post(':recusalId/lifting')
  @Roles(...MANAGE_PLANNING)
  async lift(
    @Ctx() context: RequestContext,
    @Param('recusalId', ParseUUIDPipe) recusalId: string,
    @Body() body: LiftRecusalRequestDto,
  ) {
    const agencyId = context.actor.agencyId;
    const occurredAt = this.clock.now().toISOString();
    const { version } = await handleCommand(
      this.store,
      recusalsStreamId(agencyId),
      recusalsDecider,
      { type: 'LiftRecusal', agencyId, recusalId, reason: body.reason, occurredAt },
      { metadata: metadataFor(context, agencyId, occurredAt) },
    );
    return withVersion({ version }, version);
  }

  @Get()
  @Roles(...READ_PLANNING)
  async list(@Ctx() context: RequestContext) {
    const { state } = await loadAggregate(this.store, recusalsStreamId(context.actor.agencyId), recusalsDecider);
    return { items: Object.values(state.active).sort((a, b) => (a.recordedAt < b.recordedAt ? -1 : 1)) };
  }
}
