import { Injectable } from '@nestjs/common';
import { loadAggregate } from '../../../eventstore/command-handling.js';
import { PostgresEventStore } from '../../../eventstore/event-store.js';
import { type AgencyPower, agencyDecider, agencyStreamId } from '../../../identity/domain/agency.js';
import { certificateValidOn, evolveOfficer, initialOfficer, officerStreamId } from '../../../identity/domain/officer.js';
import type { CalendarDate } from '../../../shared/domain/calendar-date.js';
import type { OfficerSnapshot } from '../../domain/case.decider.js';

/** What case commands need to know of officers and agencies, read from their streams (always current). */
@Injectable()
export class OfficerDirectory {
  constructor(private readonly store: PostgresEventStore) {}

  async snapshot(officerId: string, date: CalendarDate): Promise<OfficerSnapshot> {
    const { state } = await loadAggregate(this.store, officerStreamId(officerId), {
      evolve: evolveOfficer,
      initialState: initialOfficer,
    });
    if (state.status !== 'registered') return { officerId, agencyId: null, certifiedOnDate: false, isHead: false };
    return {
      officerId,
      agencyId: state.agencyId,
      certifiedOnDate: certificateValidOn(state, date),
      isHead: state.roles.includes('head'),
    };
  }

  snapshots(officerIds: readonly string[], date: CalendarDate): Promise<OfficerSnapshot[]> {
    return Promise.all([...new Set(officerIds)].map((id) => this.snapshot(id, date)));
  }

  async agencyPowers(agencyId: string): Promise<readonly AgencyPower[]> {
    const { state } = await loadAggregate(this.store, agencyStreamId(agencyId), agencyDecider);
    return state.status === 'registered' ? state.powers : [];
  }
}
