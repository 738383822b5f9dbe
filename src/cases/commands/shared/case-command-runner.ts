import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CalendarService } from '../../../calendar/calendar.service.js';
import { Clock } from '../../../shared/clock.js';
import { type HandleOptionsFor, handleCommand } from '../../../eventstore/command-handling.js';
import { PostgresEventStore } from '../../../eventstore/event-store.js';
import { canSeeAgency } from '../../../shared/domain/roles.js';
import { type RequestContext } from '../../../shared/http/request-context.js';
import { metadataFor } from '../../../eventstore/request-metadata.js';
import { type CaseEvent, type CaseState, caseStreamId } from '../../domain/case.js';
import { type CaseCommand, type CaseContext, caseDecider } from '../../domain/case.decider.js';
import { CaseErrors } from '../../domain/case.errors.js';

type WithoutContext<T> = T extends unknown ? Omit<T, 'context'> : never;
/** A case command as a controller or handler builds it; the runner adds the context. */
export type CaseCommandBody = WithoutContext<CaseCommand>;

export interface CaseStepResult {
  readonly version: number;
  readonly events: readonly CaseEvent[];
  readonly state: CaseState;
}

/**
 * The one path of every case command: load the case, check the caller may see it, decide with the clock and the
 * calendar passed in, append with the expected version.
 */
@Injectable()
export class CaseCommandRunner {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly calendar: CalendarService,
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  context(request: RequestContext): CaseContext {
    return {
      now: this.clock.now().toISOString(),
      actorId: request.actor.id,
      actorRoles: request.actor.roles,
      calendar: this.calendar.current(),
    };
  }

  async run(
    caseId: string,
    request: RequestContext,
    body: CaseCommandBody,
    options: { expectedVersion?: number; beforeAppend?: HandleOptionsFor<CaseState>['beforeAppend'] } = {},
  ): Promise<CaseStepResult> {
    const command = { ...body, context: this.context(request) } as CaseCommand;
    const opening = command.type === 'OpenCase';
    const { version, events, state } = await handleCommand(this.store, caseStreamId(caseId), caseDecider, command, {
      expectedVersion: options.expectedVersion,
      beforeAppend: options.beforeAppend,
      authorize: (state) => {
        if (opening) return;
        if (state.status === 'none' || !canSeeAgency(request.actor, state.agencyId)) throw CaseErrors.notFound(caseId);
      },
      metadata: (state) =>
        metadataFor(request, state.status === 'none' ? request.actor.agencyId : state.agencyId, 'occurredAt' in body ? body.occurredAt : undefined),
    });
    return { version, events, state };
  }

  /** Runs `work` in one database transaction, for claims that must commit with the events. */
  transaction<T>(work: (tx: { query<R>(sql: string, parameters?: unknown[]): Promise<R> }) => Promise<T>): Promise<T> {
    return this.db.transaction((manager) => work({ query: (sql, parameters) => manager.query(sql, parameters) }));
  }
}
