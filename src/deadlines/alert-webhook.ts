import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { StoredEvent } from '../eventstore/event.js';
import { Projection } from '../eventstore/projections/projection.js';
import { APP_CONFIG } from '../shared/config/config.module.js';
import type { AppConfig } from '../shared/config/config.js';
import { ALERT_EVENT_TYPES, type AlertData } from './domain/deadline.js';

/**
 * One exponential schedule per alert, kept across the runner's retries of a batch (it is read back from the
 * receipts), so a receiver that is down is neither hammered nor flooded with receipts.
 */
export const DELIVERY_POLICY = {
  /** Attempts within one apply; then the batch fails and the runner retries it later, its checkpoint kept. */
  attemptsPerRun: 3,
  /** The wait after the n-th failed attempt of an alert: baseDelayMs * 2^(n-1), at most maxDelayMs. */
  baseDelayMs: 200,
  maxDelayMs: 5 * 60_000,
  /** A longer wait is not slept inside apply, which would hold up shutdown: the batch fails and is retried. */
  maxInlineWaitMs: 1_000,
  timeoutMs: 5_000,
};

/** The JSON body of a delivery; `alertId` is the receiver's deduplication key (delivery is at least once). */
export interface AlertWebhookBody
  extends Pick<AlertData, 'deadlineId' | 'kind' | 'stage' | 'dueDate' | 'notifyRole' | 'subject'> {
  readonly alertId: string;
  readonly type: string;
  readonly agencyId: string;
  readonly streamId: string;
  readonly raisedAt: string;
}

interface Outcome {
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly delivered: boolean;
}

interface History {
  readonly delivered: boolean;
  readonly failures: number;
  readonly lastAttemptAt: number;
}

const NO_HISTORY: History = { delivered: false, failures: 0, lastAttemptAt: 0 };

function bodyOf(event: StoredEvent): AlertWebhookBody {
  const alert = event.data as AlertData;
  return {
    alertId: event.eventId,
    type: event.type,
    agencyId: event.agencyId,
    streamId: event.streamId,
    deadlineId: alert.deadlineId,
    kind: alert.kind,
    stage: alert.stage,
    dueDate: alert.dueDate,
    notifyRole: alert.notifyRole,
    subject: alert.subject,
    raisedAt: event.metadata.occurredAt,
  };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // fetch reports "fetch failed" and puts what went wrong (ECONNREFUSED, a TLS error...) in the cause.
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}

/**
 * Delivers each deadline alert to people through ALERT_WEBHOOK_URL: a signed JSON POST, retried with backoff, every
 * attempt recorded in `alert_deliveries`. Without a URL it consumes the alerts and sends nothing.
 */
@Projection()
@Injectable()
export class AlertWebhookReactor implements Projection, BeforeApplicationShutdown {
  readonly name = 'alert-webhook';
  readonly eventTypes: readonly string[] = ALERT_EVENT_TYPES;
  private readonly closing = new AbortController();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: DataSource,
  ) {}

  /** Cuts a delivery or a wait short, so that stopping the runner does not wait for a slow receiver. */
  beforeApplicationShutdown(): void {
    this.closing.abort();
  }

  async apply(events: readonly StoredEvent[]): Promise<void> {
    const { alertWebhookUrl: url, alertWebhookSecret: secret } = this.config;
    if (url === null || secret === null || events.length === 0) return;
    const histories = await this.histories(events.map((event) => event.eventId));
    for (const event of events) {
      const history = histories.get(event.eventId) ?? NO_HISTORY;
      // A batch retried after a failure further on does not send again what already went through.
      if (!history.delivered) await this.deliver(event, history, url, secret);
    }
  }

  async reset(): Promise<void> {
    // Receipts are records, not a read model: a replay keeps them and skips the alerts they show delivered.
  }

  private async deliver(event: StoredEvent, history: History, url: string, secret: string): Promise<void> {
    const body = JSON.stringify(bodyOf(event));
    const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    let { failures, lastAttemptAt } = history;
    let last: Outcome | null = null;
    for (let attempts = 0; ; attempts += 1) {
      const wait = failures === 0 ? 0 : lastAttemptAt + this.backoff(failures) - Date.now();
      if (attempts === DELIVERY_POLICY.attemptsPerRun || wait > DELIVERY_POLICY.maxInlineWaitMs) {
        const reason = last ? ` (last: ${last.error ?? `HTTP ${last.statusCode}`})` : '';
        throw new Error(
          `alert ${event.eventId} not delivered after ${failures} attempts${reason}; next attempt in ${Math.max(0, Math.ceil(wait))} ms`,
        );
      }
      if (wait > 0) await sleep(wait, undefined, { signal: this.closing.signal });
      // Transport time, not the application's Clock: backoff and the receiver's freshness checks run on real time.
      const attemptedAt = new Date();
      last = await this.post(url, body, event.eventId, signature, attemptedAt);
      await this.record(event.eventId, attemptedAt, last);
      if (last.delivered) return;
      failures += 1;
      lastAttemptAt = attemptedAt.getTime();
    }
  }

  private backoff(failures: number): number {
    return Math.min(DELIVERY_POLICY.baseDelayMs * 2 ** (failures - 1), DELIVERY_POLICY.maxDelayMs);
  }

  private async post(url: string, body: string, alertId: string, signature: string, sentAt: Date): Promise<Outcome> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Casetrail-Alert-Id': alertId,
          'X-Casetrail-Timestamp': sentAt.toISOString(),
          'X-Signature': signature,
        },
        body,
        // A redirect would re-send (or turn into a GET) a signed request elsewhere: it counts as a failure.
        redirect: 'manual',
        signal: AbortSignal.any([AbortSignal.timeout(DELIVERY_POLICY.timeoutMs), this.closing.signal]),
      });
      await response.body?.cancel().catch(() => undefined);
      return { statusCode: response.status, error: null, delivered: response.ok };
    } catch (error) {
      if (this.closing.signal.aborted) throw error;
      return { statusCode: null, error: describe(error), delivered: false };
    }
  }

  /**
   * Through the pool, in autocommit: the runner rolls its transaction back when apply throws, and failed attempts
   * must stay recorded. Writing in that transaction would also hold back every subscriber while a receiver is slow.
   */
  private async record(alertId: string, attemptedAt: Date, outcome: Outcome): Promise<void> {
    await this.db.query(
      `INSERT INTO alert_deliveries (alert_id, attempt, attempted_at, status_code, error, delivered)
       SELECT $1::uuid, coalesce(max(attempt), 0) + 1, $2::timestamptz, $3::int, $4::text, $5::boolean
       FROM alert_deliveries WHERE alert_id = $1::uuid`,
      [alertId, attemptedAt, outcome.statusCode, outcome.error, outcome.delivered],
    );
  }

  private async histories(alertIds: readonly string[]): Promise<Map<string, History>> {
    const rows = await this.db.query<{ alert_id: string; delivered: boolean; failures: number; last_attempt_at: Date }[]>(
      `SELECT alert_id::text, bool_or(delivered) AS delivered, count(*) FILTER (WHERE NOT delivered)::int AS failures,
              max(attempted_at) AS last_attempt_at
       FROM alert_deliveries WHERE alert_id = ANY($1::uuid[]) GROUP BY alert_id`,
      [alertIds],
    );
    return new Map(
      rows.map((row) => [
        row.alert_id,
        { delivered: row.delivered, failures: row.failures, lastAttemptAt: row.last_attempt_at.getTime() },
      ]),
    );
  }
}
