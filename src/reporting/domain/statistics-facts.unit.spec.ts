import { describe, expect, it } from '@jest/globals';
import type { StoredEvent } from '../../eventstore/event.js';
import { ERASED } from '../../personal-data/domain/placeholders.js';
import { factsOf, partyKeyOf, penalizesParty, publicationChangeOf } from './statistics-facts.js';

const stored = (type: string, data: Record<string, unknown>, occurredAt = '2026-03-31T23:30:00+08:00'): StoredEvent =>
  ({ type, data: { occurredAt, ...data }, metadata: { occurredAt }, agencyId: 'dazu-emb', streamId: 'case-1' }) as unknown as StoredEvent;

describe('factsOf', () => {
  it('dates a fact by its Shanghai business date, not the UTC one', () => {
    expect(factsOf(stored('CaseOpened', {}, '2026-04-01T00:30:00+08:00'))).toEqual([
      { figure: 'inspections', amount: 1, occurredOn: '2026-04-01' },
    ]);
  });

  it('counts each penalty of a decision by type, and the fen of fines and confiscations', () => {
    const decision = stored('DecisionMade', {
      outcome: 'penalty',
      discretion: 'mitigated',
      noPenaltyReason: null,
      penalties: [
        { type: 'warning' },
        { type: 'fine', amountFen: 500_000 },
        { type: 'confiscation', amountFen: 120_000 },
        { type: 'licence_revocation', licence: 'x' },
        { type: 'detention_referral' },
      ],
    });
    const figures = factsOf(decision).map((fact) => [fact.figure, fact.amount]);
    expect(figures).toEqual([
      ['warnings', 1],
      ['finesFen', 500_000],
      ['confiscations', 1],
      ['confiscatedFen', 120_000],
      ['licencesSuspendedOrRevoked', 1],
      ['lighterOrMitigated', 1],
    ]);
    expect(penalizesParty(decision)).toBe(true);
  });

  it('counts a no-penalty decision only when the party corrected a minor or first violation', () => {
    const noPenalty = (noPenaltyReason: string) =>
      stored('DecisionMade', { outcome: 'no_penalty', discretion: 'standard', penalties: [], noPenaltyReason });
    expect(factsOf(noPenalty('first_violation')).map((fact) => fact.figure)).toEqual(['noPenaltyAfterRectification']);
    expect(factsOf(noPenalty('facts_not_established'))).toEqual([]);
    expect(penalizesParty(noPenalty('minor_corrected'))).toBe(false);
  });

  it('counts rectified hazards by the check, and publications by their publication date', () => {
    expect(factsOf(stored('RectificationChecked', { result: 'rectified', hazardIds: ['a', 'b'] }))).toEqual([
      { figure: 'hazardsRectified', amount: 2, occurredOn: '2026-03-31' },
    ]);
    expect(factsOf(stored('RectificationChecked', { result: 'not_rectified', hazardIds: ['a'] }))).toEqual([]);
    expect(factsOf(stored('PublicationPublished', { publishedOn: '2026-04-02', onTime: false }))).toEqual([
      { figure: 'publicationsLate', amount: 1, occurredOn: '2026-04-02' },
    ]);
  });

  it('keys a party by credit code or ID number', () => {
    expect(partyKeyOf({ kind: 'organization', name: 'a', creditCode: '915001', legalRepresentative: null }, 'c1')).toBe('org:915001');
    expect(partyKeyOf({ kind: 'person', name: 'b', idNumber: '500111', phone: null, address: null }, 'c1')).toBe('person:500111');
  });

  it('keeps one person of two cases one party, and erased persons of two cases two', () => {
    const person = (idNumber: string) => ({ kind: 'person' as const, name: idNumber === ERASED ? ERASED : '某', idNumber, phone: null, address: null });
    expect(partyKeyOf(person('500111198203154413'), 'c1')).toBe(partyKeyOf(person('500111198203154413'), 'c2'));
    expect(partyKeyOf(person(ERASED), 'c1')).not.toBe(partyKeyOf(person(ERASED), 'c2'));
    expect(partyKeyOf(person(ERASED), 'c1')).toBe(partyKeyOf(person(ERASED), 'c1'));
    // Never the key of a person identified by an ID number, whatever it is.
    expect(partyKeyOf(person(ERASED), 'c1')).not.toBe(partyKeyOf(person('case:c1'), 'c1'));
    expect(partyKeyOf(person(''), 'c1')).not.toBe(partyKeyOf(person(''), 'c2'));
  });

  it('reads what overdue publications need', () => {
    expect(
      publicationChangeOf(stored('PublicationPrepared', { dueDate: { date: '2026-04-10', provisional: false }, withheldReason: null })),
    ).toEqual({ kind: 'prepared', dueDate: '2026-04-10', withheld: false });
  });
});
