import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { loadAggregate } from '../../eventstore/command-handling.js';
import { PostgresEventStore } from '../../eventstore/event-store.js';
import { AgencyIdPipe } from '../../shared/http/agency-id.pipe.js';
import { type Reply, withVersion } from '../../shared/http/reply.js';
import { type AgencyPower, agencyDecider, agencyStreamId } from '../domain/agency.js';
import { IdentityErrors } from '../domain/identity.errors.js';

export interface AgencyView {
  readonly agencyId: string;
  readonly name: string;
  readonly shortName: string;
  readonly creditCode: string;
  readonly powers: readonly AgencyPower[];
  readonly version: number;
}

/** Agencies are reference data: every authenticated user may read them. */
@ApiTags('identity')
@ApiBearerAuth()
@Controller('agencies')
export class AgenciesController {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly db: DataSource,
  ) {}

  @Get()
  async list(): Promise<{ items: AgencyView[] }> {
    const rows = await this.db.query<
      { agency_id: string; name: string; short_name: string; credit_code: string; powers: AgencyPower[]; version: number }[]
    >('SELECT agency_id, name, short_name, credit_code, powers, version FROM agencies ORDER BY agency_id');
    return {
      items: rows.map((row) => ({
        agencyId: row.agency_id,
        name: row.name,
        shortName: row.short_name,
        creditCode: row.credit_code,
        powers: row.powers,
        version: row.version,
      })),
    };
  }

  @Get(':agencyId')
  async get(
    @Param('agencyId', AgencyIdPipe) agencyId: string,
  ): Promise<Reply<AgencyView>> {
    const { state, version } = await loadAggregate(this.store, agencyStreamId(agencyId), agencyDecider);
    if (state.status !== 'registered') throw IdentityErrors.agencyNotFound(agencyId);
    const { status: _status, ...details } = state;
    return withVersion({ ...details, version }, version);
  }
}
