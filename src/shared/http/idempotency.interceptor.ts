import { createHash } from 'node:crypto';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import canonicalize from 'canonicalize';
import type { Response } from 'express';
import { type Observable, from, lastValueFrom, of, switchMap } from 'rxjs';
import { DataSource } from 'typeorm';
import type { SqlExecutor } from '../database/sql-executor.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { beginTransaction } from '../database/transaction.js';
import { DomainError } from '../domain/errors.js';
import { RequestValidationError } from './problem.js';
import type { AuthenticatedRequest } from './request-context.js';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const REPLAYED_HEADERS = ['etag', 'location'];

interface KeyClaim {
  readonly actorId: string;
  readonly key: string;
  readonly requestHash: string;
}

type Stored =
  | { readonly kind: 'replay'; readonly status: number; readonly body: unknown; readonly headers: Record<string, string> }
  | { readonly kind: 'mismatch' };

type Outcome = Stored | { readonly kind: 'ran'; readonly body: unknown };

/**
 * `Idempotency-Key` on a POST: the first request with a key runs and its response is kept; a repeat with the same
 * key and body gets that response again and changes nothing; the same key with another body is a 422.
 * Keys are scoped to the caller, so two users cannot collide.
 *
 * The request runs in a unit of work (see UnitOfWork): its appends share one transaction, and its response is
 * written into the key's row in that same transaction just before the commit. So the events and the stored response
 * commit together or not at all. A process killed mid-request leaves neither (PostgreSQL rolls back the transaction
 * of a connection that died), and a retry runs at once; one killed after the commit leaves both, and a retry replays
 * the response. No row stands for a request still running, so there is nothing to go stale.
 *
 * Concurrent requests with one key both run; the second to store its response finds the first's row (its insert
 * waits for the first's transaction to end), rolls back everything it appended, and answers with the first's
 * response. A second that fails because the first's effect is already there (a decision made twice) also answers
 * with the first's response.
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
    const claim: KeyClaim = {
      actorId: request.actor.id,
      key,
      requestHash: createHash('sha256')
        .update(`${request.method} ${request.originalUrl}\n${canonicalize(request.body ?? null) ?? ''}`)
        .digest('hex'),
    };

    return from(this.lookup(this.db, claim)).pipe(
      switchMap((stored) => from(stored ? Promise.resolve<Outcome>(stored) : this.execute(claim, next, response))),
      switchMap((outcome) => {
        switch (outcome.kind) {
          case 'ran':
            return of(outcome.body);
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
        }
      }),
    );
  }

  private async execute(claim: KeyClaim, next: CallHandler, response: Response): Promise<Outcome> {
    const unit = new UnitOfWork(() => beginTransaction(this.db));
    let body: unknown;
    try {
      body = await unit.enter(() => lastValueFrom(next.handle(), { defaultValue: undefined }));
    } catch (error) {
      // A failed request keeps nothing (its appends roll back), so the client may retry it with the same key.
      await unit.rollback().catch(() => undefined);
      // It may have failed on what a concurrent repeat of it did first: then that one's response is the answer.
      const stored = await this.lookup(this.db, claim).catch(() => null);
      if (stored) return stored;
      throw error;
    }
    try {
      if (await this.remember(unit.executor ?? this.db, claim, response, body)) {
        await unit.commit();
        return { kind: 'ran', body };
      }
      // A repeat stored its response first: what this one appended is dropped, and the first response answers.
      await unit.rollback();
      const stored = await this.lookup(this.db, claim);
      if (!stored) throw new Error(`the response of Idempotency-Key ${claim.key} was stored and then was not found`);
      return stored;
    } catch (error) {
      await unit.rollback().catch(() => undefined);
      throw error;
    }
  }

  private async lookup(executor: SqlExecutor, claim: KeyClaim): Promise<Stored | null> {
    const [existing] = await executor.query<
      { request_hash: string; response_status: number; response_body: unknown; response_headers: Record<string, string> }[]
    >(
      `SELECT request_hash, response_status, response_body, response_headers
       FROM idempotency_keys WHERE actor_id = $1 AND key = $2`,
      [claim.actorId, claim.key],
    );
    if (!existing) return null;
    if (existing.request_hash !== claim.requestHash) return { kind: 'mismatch' };
    return {
      kind: 'replay',
      status: existing.response_status,
      body: existing.response_body,
      headers: existing.response_headers,
    };
  }

  /**
   * Stores the response under the key, in the unit's transaction when the request appended anything. False when
   * the key is taken: its insert waited for the other transaction, which committed.
   */
  private async remember(executor: SqlExecutor, claim: KeyClaim, response: Response, body: unknown): Promise<boolean> {
    // ReplyInterceptor, which runs inside this one, has set the handler's status, ETag and Location by now.
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = response.getHeader(name);
      if (typeof value === 'string') headers[name] = value;
    }
    const inserted = await executor.query<unknown[]>(
      `INSERT INTO idempotency_keys (actor_id, key, request_hash, response_status, response_body, response_headers)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (actor_id, key) DO NOTHING
       RETURNING 1`,
      [claim.actorId, claim.key, claim.requestHash, response.statusCode, JSON.stringify(body ?? null), JSON.stringify(headers)],
    );
    return inserted.length > 0;
  }
}
