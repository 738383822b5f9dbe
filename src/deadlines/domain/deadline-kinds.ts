import type { StoredEvent } from '../../eventstore/event.js';
import { DEADLINE_RECOMPUTED, type DeadlineChange, type DeadlineRecomputedEvent, type DeadlineSpec } from './deadline.js';

/**
 * A kind of statutory deadline (review due, publication due, ...): which events set or meet it, and how to tell,
 * from the owning stream itself, whether it is still due when an alert is about to go out.
 */
export interface DeadlineKind {
  readonly kind: string;
  readonly eventTypes: readonly string[];
  changesOf(event: StoredEvent): DeadlineChange[];
  stillDue(spec: DeadlineSpec): Promise<boolean>;
}

/** The kinds every context registers at startup; the deadline projections read the event types from here. */
export class DeadlineKinds {
  private readonly kinds = new Map<string, DeadlineKind>();

  register(kind: DeadlineKind): void {
    if (this.kinds.has(kind.kind)) throw new Error(`deadline kind ${kind.kind} is registered twice`);
    this.kinds.set(kind.kind, kind);
  }

  get(kind: string): DeadlineKind | undefined {
    return this.kinds.get(kind);
  }

  eventTypes(): string[] {
    return [...new Set([...this.kinds.values()].flatMap((kind) => kind.eventTypes)), DEADLINE_RECOMPUTED];
  }

  changesOf(event: StoredEvent): DeadlineChange[] {
    if (event.type === DEADLINE_RECOMPUTED) {
      return [{ change: 'set', spec: (event as unknown as DeadlineRecomputedEvent).data.spec, moves: true }];
    }
    return [...this.kinds.values()].filter((kind) => kind.eventTypes.includes(event.type)).flatMap((kind) => kind.changesOf(event));
  }
}
