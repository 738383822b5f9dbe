import type { EventMetadata, NewEvent } from './event.js';
import { NO_STREAM } from './event.js';
import { PreconditionFailedError, WrongExpectedVersionError } from './errors.js';
import type { PostgresEventStore } from './event-store.js';
import type { SqlExecutor } from '../shared/database/sql-executor.js';
import { UnitOfWork } from '../shared/database/unit-of-work.js';

export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/** The pure heart of an aggregate: what a command decides given the state, and how an event changes the state. */
export interface Decider<Command, Event extends DomainEvent, State> {
  readonly decide: (command: Command, state: State) => readonly Event[];
  readonly evolve: (state: State, event: Event) => State;
  readonly initialState: () => State;
}

export interface Aggregate<State> {
  readonly state: State;
  /** 0 when the stream does not exist. */
  readonly version: number;
}

export async function loadAggregate<Event extends DomainEvent, State>(
  store: PostgresEventStore,
  streamId: string,
  decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>,
  /** Inside a transaction, its executor: the read then runs in it (see ReadStreamOptions.executor). */
  executor?: SqlExecutor,
): Promise<Aggregate<State>> {
  const cached = store.aggregates.get(decider.evolve, streamId) as Aggregate<State> | undefined;
  const from = cached ?? { state: decider.initialState(), version: 0 };
  // Read through a unit's transaction, the state may hold this request's appends, which are not committed yet.
  const uncommitted = executor === undefined && UnitOfWork.current()?.open === true;
  const events = await store.readStream(streamId, { fromVersion: from.version + 1, ...(executor ? { executor } : {}) });
  if (events.length === 0 && cached) return cached;
  // The log holds only events this aggregate appended, upcast to their current schema on read.
  const state = events.reduce((current, event) => decider.evolve(current, event as unknown as Event), from.state);
  const aggregate = { state, version: events.at(-1)?.streamVersion ?? from.version };
  if (aggregate.version > 0 && !uncommitted) store.aggregates.remember(decider.evolve, streamId, aggregate);
  return aggregate;
}

export interface HandleOptions {
  /** The client's If-Match: a stale one is refused (412) instead of retried. */
  readonly expectedVersion?: number;
  readonly metadata: AppendMetadata;
  /** Attempts after the first when someone else appended in between (only without If-Match). */
  readonly retries?: number;
}

export type AppendMetadata = Omit<EventMetadata, 'occurredAt'> & { readonly occurredAt?: string };

export interface HandleOptionsFor<State> extends Omit<HandleOptions, 'metadata'> {
  /** Fixed, or derived from the loaded state (e.g. the agency that owns an existing stream). */
  readonly metadata: AppendMetadata | ((state: State) => AppendMetadata);
  /** Runs on the loaded state before the decision: who may act on this stream (e.g. its agency). */
  readonly authorize?: (state: State, version: number) => void;
  /**
   * Runs in the transaction of the append, before it: a uniqueness claim that must commit or fail with the events
   * (e.g. a decision number). Without it the append is its own single-statement transaction. Inside a request's
   * unit of work (see UnitOfWork) `run` and the append join the unit's transaction and `transaction` is not called.
   */
  readonly beforeAppend?: {
    readonly transaction: <T>(work: (tx: SqlExecutor) => Promise<T>) => Promise<T>;
    readonly run: (tx: SqlExecutor, events: readonly DomainEvent[], state: State, version: number) => Promise<void>;
  };
}

export interface HandleResult<Event, State> {
  readonly version: number;
  readonly events: readonly Event[];
  readonly state: State;
}

/**
 * Load -> decide -> append with the expected version. Without If-Match a conflicting append is retried on a fresh
 * read, since the decision may still hold; with it, a stream that moved on is a 412 for the client to resolve.
 */
export async function handleCommand<Command, Event extends DomainEvent, State>(
  store: PostgresEventStore,
  streamId: string,
  decider: Decider<Command, Event, State>,
  command: Command,
  options: HandleOptionsFor<State>,
): Promise<HandleResult<Event, State>> {
  const retries = options.expectedVersion === undefined ? (options.retries ?? 3) : 0;
  for (let attempt = 0; ; attempt += 1) {
    const { state, version } = await loadAggregate(store, streamId, decider);
    options.authorize?.(state, version);
    if (options.expectedVersion !== undefined && options.expectedVersion !== version) {
      throw new PreconditionFailedError(streamId, options.expectedVersion, version);
    }
    const events = decider.decide(command, state);
    if (events.length === 0) return { version, events, state };
    const metadata = typeof options.metadata === 'function' ? options.metadata(state) : options.metadata;
    const append = (tx?: SqlExecutor) =>
      store.append(
        streamId,
        version === 0 ? NO_STREAM : version,
        events.map((event): NewEvent => ({ type: event.type, data: event.data })),
        metadata,
        tx,
      );
    const claim = options.beforeAppend;
    const inClaim = async (tx: SqlExecutor) => {
      if (claim) await claim.run(tx, events, state, version);
      return append(tx);
    };
    // Inside a request's unit of work the claim and the append join its transaction, which commits later.
    const unit = UnitOfWork.current();
    try {
      const appended = unit ? await unit.run(inClaim) : claim ? await claim.transaction(inClaim) : await append();
      const next = { version: appended.nextVersion, state: events.reduce(decider.evolve, state) };
      const committed = () => {
        if (claim || unit) store.announceAppend();
        store.aggregates.remember(decider.evolve, streamId, next);
      };
      if (unit) unit.afterCommit(committed);
      else committed();
      return { ...next, events };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      if (options.expectedVersion !== undefined) {
        throw new PreconditionFailedError(streamId, options.expectedVersion, error.currentVersion);
      }
      if (attempt >= retries) throw error;
    }
  }
}
