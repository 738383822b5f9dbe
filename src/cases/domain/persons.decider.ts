import { DomainError } from '../../shared/domain/errors.js';
import type { CaseEvent, OpenedCase } from './case.js';
import { CaseErrors } from './case.errors.js';
import type { CasePerson } from './persons.js';

export type PersonCommand =
  /** `added` are new (their ids just made); `corrected` replace persons already recorded under their ids. */
  | { readonly type: 'RecordCasePersons'; readonly added: readonly CasePerson[]; readonly corrected: readonly CasePerson[] }
  | { readonly type: 'RemoveCasePerson'; readonly personId: string; readonly reason: string };

export const PERSON_COMMANDS: readonly PersonCommand['type'][] = ['RecordCasePersons', 'RemoveCasePerson'];

export const PersonErrors = {
  notFound: (personId: string) =>
    new DomainError('CASE_PERSON_NOT_FOUND', `Person ${personId} is not recorded on this case`, 'not_found', { personId }),
  duplicate: (personId: string) =>
    new DomainError('CASE_PERSON_DUPLICATE', `Person ${personId} is named twice in one request`, 'invalid', { personId }),
  fixedByDecision: () =>
    new DomainError(
      'CASE_PERSONS_FIXED_BY_DECISION',
      'The decision is made: its public record was cleaned of the persons recorded until then, so they can no longer change',
      'conflict',
    ),
} as const;

const same = (a: CasePerson, b: CasePerson): boolean =>
  a.role === b.role && a.name === b.name && a.idNumber === b.idNumber && a.phone === b.phone && a.address === b.address;

/**
 * Records, corrects or removes the natural persons of a case, for its officers, until the decision: the public record
 * is prepared from the persons as they stand then. A person recorded again unchanged appends nothing.
 */
export function decidePersons(command: PersonCommand, state: OpenedCase, step: { occurredAt: string; actorId: string }): CaseEvent[] {
  if (!state.officerIds.includes(step.actorId)) throw CaseErrors.notCaseOfficer(step.actorId);
  if (state.decision) throw PersonErrors.fixedByDecision();
  const { occurredAt } = step;
  switch (command.type) {
    case 'RecordCasePersons': {
      const seen = new Set<string>();
      const events: CaseEvent[] = [];
      for (const person of [...command.added, ...command.corrected]) {
        if (seen.has(person.personId)) throw PersonErrors.duplicate(person.personId);
        seen.add(person.personId);
      }
      for (const person of command.added) {
        if (state.persons.some((p) => p.personId === person.personId)) throw PersonErrors.duplicate(person.personId);
        events.push({ type: 'CasePersonRecorded', data: { occurredAt, person: { ...person } } });
      }
      for (const person of command.corrected) {
        const recorded = state.persons.find((p) => p.personId === person.personId);
        if (!recorded) throw PersonErrors.notFound(person.personId);
        if (!same(recorded, person)) events.push({ type: 'CasePersonRecorded', data: { occurredAt, person: { ...person } } });
      }
      return events;
    }
    case 'RemoveCasePerson':
      if (!state.persons.some((p) => p.personId === command.personId)) throw PersonErrors.notFound(command.personId);
      return [{ type: 'CasePersonRemoved', data: { occurredAt, personId: command.personId, reason: command.reason } }];
  }
}
