import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { loadAggregate } from '../../eventstore/command-handling.js';
import { PostgresEventStore } from '../../eventstore/event-store.js';
import { type Reply, withVersion } from '../../shared/http/reply.js';
import { Ctx, type RequestContext } from '../../shared/http/request-context.js';
import { IdentityErrors } from '../domain/identity.errors.js';
import { officerStreamId, evolveOfficer, initialOfficer } from '../domain/officer.js';
import { type Role, canSeeAgency, hasRole } from '../../shared/domain/roles.js';
import { ListOfficersQueryDto } from './list-officers.query.dto.js';

export interface OfficerView {
  readonly officerId: string;
  readonly name: string;
  readonly agencyId: string;
  readonly roles: readonly Role[];
  readonly certificate: { number: string; validFrom: string; validUntil: string; revokedOn: string | null };
  readonly version: number;
}

interface OfficerRow {
  officer_id: string;
  name: string;
  agency_id: string;
  roles: Role[];
  certificate_number: string;
  valid_from: string;
  valid_until: string;
  revoked_on: string | null;
  version: number;
}

@ApiTags('identity')
@ApiBearerAuth()
@Controller('officers')
export class OfficersController {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly db: DataSource,
  ) {}

  /** The officers of the caller's agency (district users: any agency, or all), from the read model. */
  @Get()
  async list(@Ctx() context: RequestContext, @Query() query: ListOfficersQueryDto): Promise<{ items: OfficerView[] }> {
    const agency = query.agency ?? (hasRole(context.actor, 'district') ? null : context.actor.agencyId);
    if (agency !== null && !canSeeAgency(context.actor, agency)) return { items: [] };
    const rows = await this.db.query<OfficerRow[]>(
      `SELECT officer_id, name, agency_id, roles, certificate_number, valid_from::text, valid_until::text,
              revoked_on::text, version
       FROM officers
       WHERE ($1::text IS NULL OR agency_id = $1)
         AND ($2::text IS NULL OR $2 = ANY(roles))
         AND ($3::date IS NULL OR (valid_from <= $3 AND valid_until >= $3 AND (revoked_on IS NULL OR revoked_on > $3)))
       ORDER BY agency_id, name, officer_id
       LIMIT $4 OFFSET $5`,
      [agency, query.role ?? null, query.certifiedOn ?? null, query.limit ?? 100, query.offset ?? 0],
    );
    return {
      items: rows.map((row) => ({
        officerId: row.officer_id,
        name: row.name,
        agencyId: row.agency_id,
        roles: row.roles,
        certificate: {
          number: row.certificate_number,
          validFrom: row.valid_from,
          validUntil: row.valid_until,
          revokedOn: row.revoked_on,
        },
        version: row.version,
      })),
    };
  }

  /** One officer, read from its stream (always current); another agency's officer is not found. */
  @Get(':officerId')
  async get(
    @Ctx() context: RequestContext,
    @Param('officerId', ParseUUIDPipe) officerId: string,
  ): Promise<Reply<OfficerView>> {
    const { state, version } = await loadAggregate(this.store, officerStreamId(officerId), {
      evolve: evolveOfficer,
      initialState: initialOfficer,
    });
    if (state.status !== 'registered' || !canSeeAgency(context.actor, state.agencyId)) {
      throw IdentityErrors.officerNotFound(officerId);
    }
    return withVersion({
      officerId: state.officerId,
      name: state.name,
      agencyId: state.agencyId,
      roles: state.roles,
      certificate: { ...state.certificate, revokedOn: state.revokedOn },
      version,
    }, version);
  }
}
