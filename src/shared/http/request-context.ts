import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Actor } from '../domain/roles.js';

/** What every command carries from the request into its events' metadata. */
export interface RequestContext {
  readonly actor: Actor;
  readonly requestId: string;
  readonly correlationId: string;
}

export type AuthenticatedRequest = Request & { actor?: Actor; id?: unknown };

export function requestContextOf(request: AuthenticatedRequest): RequestContext {
  if (!request.actor) throw new Error('no authenticated actor on this request');
  const requestId = typeof request.id === 'string' ? request.id : '';
  const header = request.headers['x-correlation-id'];
  const correlationId = typeof header === 'string' && /^[\w.:-]{1,128}$/.test(header) ? header : requestId;
  return { actor: request.actor, requestId, correlationId };
}

/** Injects the RequestContext of an authenticated request into a controller method. */
export const Ctx = createParamDecorator((_: unknown, context: ExecutionContext) =>
  requestContextOf(context.switchToHttp().getRequest<AuthenticatedRequest>()),
);
