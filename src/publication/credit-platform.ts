import { Inject, Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StoredEvent } from '../eventstore/event.js';
import { DuplicateEventError } from '../eventstore/errors.js';
import { ANY } from '../eventstore/event.js';
import { PostgresEventStore } from '../eventstore/event-store.js';
import { Projection } from '../eventstore/projections/projection.js';
import { uuidFrom } from '../deadlines/domain/deadline.js';
import { APP_CONFIG } from '../shared/config/config.module.js';
import type { AppConfig } from '../shared/config/config.js';
import { loadAggregate } from '../eventstore/command-handling.js';
import { type PublicationEvent, publicationDecider } from './domain/publication.js';

const ATTEMPTS = 3;
const FIRST_BACKOFF_MS = 200;
const TIMEOUT_MS = 5_000;

/**
 * Pushes every published record, and every withdrawal, to the external credit platform (信用中国 / 信用重庆 intake).
 * A connector on the event store: retried with backoff, and its checkpoint kept until the platform took the record;
 * the platform's receipt is recorded on the publication stream, once.
 */
@Projection()
@Injectable()
export class CreditPlatformConnector implements Projection {
  readonly name = 'credit-platform';
  readonly eventTypes: readonly PublicationEvent['type'][] = ['PublicationPublished', 'PublicationWithdrawn'];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly store: PostgresEventStore,
  ) {}

  async apply(events: readonly StoredEvent[]): Promise<void> {
    const url = this.config.creditPlatformUrl;
    if (url === null) return;
    for (const event of events) {
      const receiptId = uuidFrom(`credit-platform|${event.eventId}`);
      const { state } = await loadAggregate(this.store, event.streamId, publicationDecider);
      if (state.status === 'none') continue;
      const action = event.type === 'PublicationPublished' ? 'publish' : 'withdraw';
      const body = JSON.stringify({
        publicationId: state.publicationId,
        source: state.source,
        action,
        record: state.record,
        reason: action === 'withdraw' ? state.withdrawalReason : null,
        at: event.metadata.occurredAt,
      });
      const { status, receipt } = await this.post(url, body, receiptId);
      try {
        await this.store.append(
          event.streamId,
          ANY,
          [{ type: 'CreditPlatformReceiptRecorded', eventId: receiptId, data: { action, statusCode: status, receipt } }],
          {
            actorId: 'system:credit-platform',
            actorRoles: [],
            agencyId: event.agencyId,
            correlationId: event.metadata.correlationId,
            causationId: event.eventId,
            requestId: null,
            occurredAt: new Date().toISOString(),
          },
        );
      } catch (error) {
        // Pushed again after a crash: the platform deduplicates on the id, and the receipt is recorded once.
        if (!(error instanceof DuplicateEventError)) throw error;
      }
    }
  }

  async reset(): Promise<void> {
    // Receipts are events on the publications; a replay would push again, which the platform deduplicates.
  }

  private async post(url: string, body: string, id: string): Promise<{ status: number; receipt: string }> {
    let failure = '';
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': id },
          body,
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        const text = (await response.text()).slice(0, 2000);
        if (response.ok) return { status: response.status, receipt: text };
        failure = `HTTP ${response.status}`;
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
      }
      if (attempt < ATTEMPTS) await sleep(FIRST_BACKOFF_MS * 2 ** (attempt - 1));
    }
    // The runner keeps the checkpoint and tries the batch again later; the error shows on /api/health.
    throw new Error(`the credit platform did not take publication push ${id}: ${failure}`);
  }
}
