import { createHash } from 'node:crypto';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import canonicalize from 'canonicalize';
import type { Response } from 'express';
import { type Observable, catchError, from, mergeMap, of, switchMap } from 'rxjs';
import { DataSource } from 'typeorm';
import { DomainError } from '../domain/errors.js';
import { RequestValidationError } from './problem.js';
import type { AuthenticatedRequest } from './request-context.js';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const REPLAYED_HEADERS = ['etag', 'location'];
/** A key left pending this long belongs to a request that died mid-way; a retry may run it again. */
const ABANDONED_AFTER = '5 minutes';

type Outcome =
  | { readonly kind: 'run' }
  | { readonly kind: 'replay'; readonly status: number; readonly body: unknown; readonly headers: Record<string, string> }
  | { readonly kind: 'mismatch' }
  | { readonly kind: 'in_progress' };

/**
 * `Idempotency-Key` on a POST: the first request with a key runs and its response is kept; a repeat with the same
 * key and body gets that response again and changes nothing; the same key with another body is a 422.
 * Keys are scoped to the caller, so two users cannot collide.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly db: DataSource) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || key === undefined || !request.actor) return next.handle();
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new RequestValidationError([
        { field: 'Idempotency-Key', messages: ['must be 1 to 255 visible ASCII characters'] },
      ]);
    }
    const actorId = request.actor.id;
    const requestHash = createHash('sha256')
      .update(`${request.method} ${request.originalUrl}\n${canonicalize(request.body ?? null) ?? ''}`)
      .digest('hex');

    return from(this.begin(actorId, key, requestHash)).pipe(
      switchMap((outcome) => {
        switch (outcome.kind) {
          case 'replay':
            response.status(outcome.status);
            for (const [name, value] of Object.entries(outcome.headers)) response.setHeader(name, value);
            response.setHeader('Idempotent-Replayed', 'true');
            return of(outcome.body);
          case 'mismatch':
            throw new DomainError(
              'IDEMPOTENCY_KEY_REUSED',
              'This Idempotency-Key was used for a different request',
              'unprocessable',
            );
          case 'in_progress':
            throw new DomainError('IDEMPOTENCY_KEY_IN_PROGRESS', 'A request with this Idempotency-Key is still running');
          case 'run':
            return next.handle().pipe(
              mergeMap(async (body: unknown) => {
                await this.complete(actorId, key, response, body);
                return body;
              }),
              catchError(async (error: unknown) => {
                await this.release(actorId, key);
                throw error;
              }),
            );
        }
      }),
    );
  }

  private async begin(actorId: string, key: string, requestHash: string): Promise<Outcome> {
    const claimed = await this.db.query<unknown[]>(
      `INSERT INTO idempotency_keys AS k (actor_id, key, request_hash, state) VALUES ($1, $2, $3, 'pending')
       ON CONFLICT (actor_id, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, created_at = now()
         WHERE k.state = 'pending' AND k.created_at < now() - interval '${ABANDONED_AFTER}'
       RETURNING 1`,
      [actorId, key, requestHash],
    );
    if (claimed.length > 0) return { kind: 'run' };
    const [existing] = await this.db.query<
      { request_hash: string; state: string; response_status: number; response_body: unknown; response_headers: Record<string, string> }[]
    >(
      `SELECT request_hash, state, response_status, response_body, response_headers
       FROM idempotency_keys WHERE actor_id = $1 AND key = $2`,
      [actorId, key],
    );
    if (!existing) return this.begin(actorId, key, requestHash);
    if (existing.request_hash !== requestHash) return { kind: 'mismatch' };
    if (existing.state !== 'done') return { kind: 'in_progress' };
    return {
      kind: 'replay',
      status: existing.response_status,
      body: existing.response_body,
      headers: existing.response_headers,
    };
  }

  private async complete(actorId: string, key: string, response: Response, body: unknown): Promise<void> {
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = response.getHeader(name);
      if (typeof value === 'string') headers[name] = value;
    }
    await this.db.query(
      `UPDATE idempotency_keys SET state = 'done', response_status = $3, response_body = $4, response_headers = $5
       WHERE actor_id = $1 AND key = $2`,
      [actorId, key, response.statusCode, JSON.stringify(body ?? null), JSON.stringify(headers)],
    );
  }

  /** A failed request keeps nothing, so the client can retry it with the same key. */
  private async release(actorId: string, key: string): Promise<void> {
    await this.db.query(`DELETE FROM idempotency_keys WHERE actor_id = $1 AND key = $2 AND state = 'pending'`, [
      actorId,
      key,
    ]);
  }
}
