import { describe, expect, it } from '@jest/globals';
import { assertLiftable } from './restriction.js';

describe('lifting a restriction', () => {
  it('is allowed while the subject is restricted', () => {
    expect(() => assertLiftable('party:case-1', 'restricted')).not.toThrow();
  });

  it('is refused with SUBJECT_NOT_RESTRICTED for a subject that is not restricted', () => {
    expect(() => assertLiftable('party:case-1', 'active')).toThrow(expect.objectContaining({ code: 'SUBJECT_NOT_RESTRICTED', kind: 'conflict' }));
  });

  it('is refused with PERSONAL_DATA_ERASED once the subject is erased', () => {
    expect(() => assertLiftable('party:case-1', 'erased')).toThrow(expect.objectContaining({ code: 'PERSONAL_DATA_ERASED', kind: 'conflict' }));
  });
});
