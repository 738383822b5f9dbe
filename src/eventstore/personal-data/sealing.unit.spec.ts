import { describe, expect, it } from '@jest/globals';
import { PersonalDataRegistry } from './registry.js';
import { isSealed, newSubjectKey, open, seal } from './sealing.js';

describe('sealing a personal value', () => {
  it('opens with the key and subject it was sealed under, and with no other', () => {
    const key = newSubjectKey();
    const sealed = seal('party:case-1', key, '李某');
    expect(isSealed(sealed)).toBe(true);
    expect(JSON.stringify(sealed)).not.toContain('李某');
    expect(open(sealed, key)).toBe('李某');
    expect(() => open(sealed, newSubjectKey())).toThrow();
    expect(() => open({ ...sealed, subject: 'party:case-2' }, key)).toThrow();
  });
});

describe('the registry of personal data', () => {
  const registry = new PersonalDataRegistry([
    {
      eventType: 'PersonsRecorded',
      path: 'persons.[]',
      subject: (person) => (typeof person.personId === 'string' ? `person:${person.personId}` : null),
      record: ({ streamId }) => streamId,
      fields: { name: '[已删除]' },
    },
  ]);

  it('finds each person in an array and leaves the rest of the payload as it was', () => {
    const data = { persons: [{ personId: 'a', name: '甲' }, { name: '无编号' }, { personId: 'b', name: '乙' }], note: 'x' };
    const event = { streamId: 'case-1', data };
    expect(registry.subjectsOf('PersonsRecorded', event)).toEqual([
      { subject: 'person:a', record: 'case-1' },
      { subject: 'person:b', record: 'case-1' },
    ]);
    const rewritten = registry.rewrite('PersonsRecorded', event, ({ person }) => ({ ...person, name: '*' })) as typeof data;
    expect(rewritten).toEqual({ persons: [{ personId: 'a', name: '*' }, { name: '无编号' }, { personId: 'b', name: '*' }], note: 'x' });
    expect(data.persons[0]?.name).toBe('甲');
    expect(registry.subjectsOf('SomethingElse', event)).toEqual([]);
  });
});
