import type { Decider, DomainEvent } from '../../eventstore/command-handling.js';

/** Enforcement powers beyond warnings and fines that an agency may hold; detention is public security's alone. */
export const AGENCY_POWERS = [
  'confiscation',
  'production_suspension',
  'licence_suspension',
  'licence_revocation',
  'detention',
] as const;
export type AgencyPower = (typeof AGENCY_POWERS)[number];

export interface AgencyDetails {
  readonly name: string;
  readonly shortName: string;
  readonly creditCode: string;
  readonly powers: readonly AgencyPower[];
}

export type AgencyEvent =
  | DomainEvent<'AgencyRegistered', { agencyId: string } & AgencyDetails>
  | DomainEvent<'AgencyDetailsChanged', { agencyId: string } & AgencyDetails>;

export type Agency =
  | { readonly status: 'unregistered' }
  | ({ readonly status: 'registered'; readonly agencyId: string } & AgencyDetails);

export type AgencyCommand = { readonly type: 'PutAgency'; readonly agencyId: string } & AgencyDetails;

export const initialAgency = (): Agency => ({ status: 'unregistered' });

export function evolveAgency(state: Agency, event: AgencyEvent): Agency {
  switch (event.type) {
    case 'AgencyRegistered':
    case 'AgencyDetailsChanged':
      return { status: 'registered', ...event.data };
    default: {
      // Exhaustive at compile time; at run time a stream may also hold events of other concerns (alerts): skip them.
      void (event satisfies never);
      return state;
    }
  }
}

const sameDetails = (a: AgencyDetails, b: AgencyDetails): boolean =>
  a.name === b.name &&
  a.shortName === b.shortName &&
  a.creditCode === b.creditCode &&
  [...a.powers].sort().join() === [...b.powers].sort().join();

/** PUT semantics: the first registers the agency, a change records what changed, the same details change nothing. */
export function decideAgency(command: AgencyCommand, state: Agency): AgencyEvent[] {
  const { agencyId, name, shortName, creditCode } = command;
  const details = { agencyId, name, shortName, creditCode, powers: [...new Set(command.powers)].sort() };
  if (state.status === 'unregistered') return [{ type: 'AgencyRegistered', data: details }];
  return sameDetails(state, details) ? [] : [{ type: 'AgencyDetailsChanged', data: details }];
}

export const agencyDecider: Decider<AgencyCommand, AgencyEvent, Agency> = {
  decide: decideAgency,
  evolve: evolveAgency,
  initialState: initialAgency,
};

export const agencyStreamId = (agencyId: string): string => `agency-${agencyId}`;
