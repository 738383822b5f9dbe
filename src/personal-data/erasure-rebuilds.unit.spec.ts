import { describe, expect, it } from '@jest/globals';
import { type ErasureRebuild, isNewErasure, latestErasure, pendingRebuilds } from './erasure-rebuilds.js';

const at = (transactionId: string, globalPosition: number) => ({ transactionId, globalPosition });
const row = (projection: string, erased: ReturnType<typeof at>, rebuilt: ReturnType<typeof at> | null): ErasureRebuild => ({ projection, erased, rebuilt });

describe('the rebuilds an erasure leaves', () => {
  it('finds the latest erasure in commit order (transaction first, then position)', () => {
    expect(latestErasure([])).toBeNull();
    // A later transaction may hold a lower global position: it committed later all the same.
    expect(latestErasure([row('a', at('900', 50), null), row('b', at('1000', 40), null), row('c', at('1000', 30), null)])).toEqual(at('1000', 40));
    // Beyond 2^53: transaction ids compare as big integers.
    expect(latestErasure([row('a', at('9007199254740993', 1), null), row('b', at('9007199254740992', 2), null)])).toEqual(at('9007199254740993', 1));
  });

  it('tells an instance of an erasure it has not dropped its folded states for', () => {
    expect(isNewErasure(null, null)).toBe(false);
    expect(isNewErasure(at('10', 5), null)).toBe(true);
    expect(isNewErasure(at('10', 5), at('10', 5))).toBe(false);
    expect(isNewErasure(at('11', 6), at('10', 5))).toBe(true);
    expect(isNewErasure(at('10', 5), at('11', 6))).toBe(false);
  });

  it('leaves a read model rebuilt after the latest erasure, or never told of one, alone; keeps the order of the names', () => {
    const rows = [
      row('statistics', at('20', 9), at('10', 4)),
      row('case-summaries', at('20', 9), null),
      row('deadlines', at('20', 9), at('20', 9)),
      row('gone', at('20', 9), null),
    ];
    expect(pendingRebuilds(['case-summaries', 'deadlines', 'statistics', 'new-one'], rows).map((pending) => pending.projection)).toEqual([
      'case-summaries',
      'statistics',
    ]);
  });
});
