import type { DomainEvent } from '../../eventstore/command-handling.js';
import type { CalendarDate } from '../../shared/domain/calendar-date.js';

/**
 * The audit trail of restriction, its lifting and erasure (个人信息保护法 Art. 47): who, when, why; never the data
 * itself. The key row holds only the current state: who restricted a person, and when, stays here once lifted.
 */
export type PersonalDataEvent =
  | DomainEvent<'PersonalDataRestricted', { occurredAt: string; subjectId: string; restrictedBy: string; reason: string }>
  | DomainEvent<'PersonalDataRestrictionLifted', { occurredAt: string; subjectId: string; liftedBy: string; reason: string }>
  | DomainEvent<
      'PersonalDataErased',
      {
        occurredAt: string;
        subjectId: string;
        erasedBy: string;
        reason: string;
        records: string[];
        retentionPassedOn: CalendarDate;
        /** The person whose erasure shredded these free texts with theirs. */
        erasedWith?: string;
        /** The free texts as kept, cleaned of the record's persons, by the digest of the sealed value each replaces. */
        retained?: { digest: string; value: unknown }[];
      }
    >;

export const personalDataStreamId = (subjectId: string): string => `personaldata-${subjectId}`;
