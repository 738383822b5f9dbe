import type { DomainEvent } from '../../eventstore/command-handling.js';

/**
 * The natural persons of a case (个人信息): the party, the operator or legal representative of an individual business
 * (个体工商户), witnesses, the injured and workers. They are recorded with their personal data as structured fields so
 * that every public text of the case can be cleaned of all of it, and so that each person's data is one object that
 * can be corrected, removed, or (crypto-)shredded on its own.
 */
export type CasePersonRole = 'party' | 'operator' | 'legal_representative' | 'witness' | 'injured' | 'worker' | 'other';
export const CASE_PERSON_ROLES: readonly CasePersonRole[] = ['party', 'operator', 'legal_representative', 'witness', 'injured', 'worker', 'other'];

/** One person's personal data: the whole object is what a per-person key encrypts, and nothing personal lies outside it. */
export interface CasePerson {
  readonly personId: string;
  readonly role: CasePersonRole;
  readonly name: string;
  readonly idNumber?: string;
  readonly phone?: string;
  readonly address?: string;
}

export type PersonEvent =
  /** A person recorded, or corrected when the personId is already recorded: the new object replaces the old one. */
  | DomainEvent<'CasePersonRecorded', { occurredAt: string; person: CasePerson }>
  | DomainEvent<'CasePersonRemoved', { occurredAt: string; personId: string; reason: string }>;

export const PERSON_EVENT_TYPES: readonly PersonEvent['type'][] = ['CasePersonRecorded', 'CasePersonRemoved'];

export function evolvePersons(persons: readonly CasePerson[], event: PersonEvent): readonly CasePerson[] {
  switch (event.type) {
    case 'CasePersonRecorded': {
      const { person } = event.data;
      const index = persons.findIndex((p) => p.personId === person.personId);
      return index < 0 ? [...persons, person] : persons.map((p, i) => (i === index ? person : p));
    }
    case 'CasePersonRemoved':
      return persons.filter((p) => p.personId !== event.data.personId);
  }
}
