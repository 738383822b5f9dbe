import type { RequestContext } from '../shared/http/request-context.js';
import type { AppendMetadata } from './command-handling.js';

/** Event metadata for a stream owned by `agencyId`, as this request's actor. */
export function metadataFor(
  context: RequestContext,
  agencyId: string,
  occurredAt?: string,
): AppendMetadata {
  return {
    actorId: context.actor.id,
    actorRoles: context.actor.roles,
    agencyId,
    correlationId: context.correlationId,
    causationId: null,
    requestId: context.requestId,
    ...(occurredAt === undefined ? {} : { occurredAt }),
  };
}
