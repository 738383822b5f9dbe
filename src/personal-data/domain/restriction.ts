import { DomainError } from '../../shared/domain/errors.js';
import { PersonalDataErrors } from './retention.js';

export const RestrictionErrors = {
  notRestricted: (subjectId: string) =>
    new DomainError('SUBJECT_NOT_RESTRICTED', `The processing of ${subjectId}'s data is not restricted: there is nothing to lift`, 'conflict', { subjectId }),
};

/**
 * Whether a restriction may be lifted (个人信息保护法 Art. 47: restricted until the reason for it ends); throws the
 * refusal otherwise. An erased person stays erased: there is nothing left to show again.
 */
export function assertLiftable(subjectId: string, state: 'active' | 'restricted' | 'erased'): void {
  if (state === 'erased') throw PersonalDataErrors.alreadyErased(subjectId);
  if (state === 'active') throw RestrictionErrors.notRestricted(subjectId);
}
