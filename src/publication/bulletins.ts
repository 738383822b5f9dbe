import { Controller, Get, Injectable, Logger, Param, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { NO_STREAM } from '../eventstore/event.js';
import { WrongExpectedVersionError } from '../eventstore/errors.js';
import { PostgresEventStore } from '../eventstore/event-store.js';
import { type CheckpointNotice, checkpointNotice } from '../eventstore/ledger/checkpoint.js';
import { CheckpointService } from '../eventstore/ledger/checkpoints.js';
import { Public } from '../shared/http/auth.decorators.js';
import { Clock } from '../shared/clock.js';
import { type AppQueue, type AppWorker, QueueFactory } from '../shared/queues/queues.module.js';
import { shanghaiDate } from '../shared/domain/calendar-date.js';
import { DomainError } from '../shared/domain/errors.js';
import { RequestValidationError } from '../shared/http/problem.js';

export const BULLETIN_QUEUE = 'bulletins';
const MONTHLY = 'monthly-bulletin';
const NATIONAL = 'national';

export interface BulletinEntry {
  readonly openedOn: string;
  readonly agencyId: string;
  readonly kind: 'inspection' | 'accident_investigation';
  /** An organization's name; a natural person is not named in a bulletin. */
  readonly party: string;
  readonly hazards: number;
  readonly status: string;
}

export const bulletinStreamId = (month: string): string => `bulletin-${month}`;

/** The month before the one `date` falls in, as YYYY-MM. */
export function previousMonth(date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

/**
 * On the 1st of each month (Asia/Shanghai) a BullMQ job scheduler publishes the previous month's list of
 * inspections and accident investigations, as one event on `bulletin-<YYYY-MM>`: a second run finds the stream
 * there and publishes nothing.
 */
@Injectable()
export class MonthlyBulletins implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MonthlyBulletins.name);
  readonly queue: AppQueue<unknown>;
  private worker: AppWorker<unknown> | null = null;

  constructor(
    private readonly queues: QueueFactory,
    private readonly db: DataSource,
    private readonly store: PostgresEventStore,
    private readonly clock: Clock,
  ) {
    this.queue = queues.queue(BULLETIN_QUEUE);
    this.queue.on('error', (error) => this.logger.warn({ err: error }, 'bulletin queue error'));
  }

  async onApplicationBootstrap(): Promise<void> {
    this.worker = this.queues.worker(BULLETIN_QUEUE, () => this.publish(previousMonth(shanghaiDate(this.clock.now()))));
    this.worker.on('error', (error) => this.logger.warn({ err: error }, 'bulletin worker error'));
    await this.queue
      .upsertJobScheduler(MONTHLY, { pattern: '0 0 1 * *', tz: 'Asia/Shanghai' }, { name: MONTHLY })
      .catch((error: unknown) => this.logger.warn({ err: error }, 'the monthly bulletin could not be scheduled'));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
  }

  /** Publishes the bulletin of `month` unless it is there already; returns whether this call published it. */
  async publish(month: string): Promise<boolean> {
    const entries = await this.db.query<
      { opened_on: string; agency_id: string; source: string; party_kind: string; party_name: string; hazards: number; status: string }[]
    >(
      `SELECT (opened_at AT TIME ZONE 'Asia/Shanghai')::date::text AS opened_on, agency_id, source, party_kind, party_name,
              hazards, status
       FROM case_summaries
       WHERE to_char(opened_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') = $1
       ORDER BY opened_at, case_id`,
      [month],
    );
    const items: BulletinEntry[] = entries.map((row) => ({
      openedOn: row.opened_on,
      agencyId: row.agency_id,
      kind: row.source === 'accident' ? 'accident_investigation' : 'inspection',
      party: row.party_kind === 'organization' ? row.party_name : '个人',
      hazards: row.hazards,
      status: row.status,
    }));
    try {
      await this.store.append(bulletinStreamId(month), NO_STREAM, [{ type: 'BulletinPublished', data: { month, items } }], {
        actorId: 'system:bulletins',
        actorRoles: [],
        agencyId: NATIONAL,
        correlationId: `bulletin-${month}`,
        causationId: null,
        requestId: null,
        occurredAt: this.clock.now().toISOString(),
      });
      return true;
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) return false;
      throw error;
    }
  }
}

@ApiTags('publication')
@Controller('public/bulletins')
export class BulletinsController {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly checkpoints: CheckpointService,
  ) {}

  /** The monthly list of inspections and accident investigations, as published on the 1st of the next month. */
  @Get(':month')
  @Public()
  async bulletin(@Param('month') month: string): Promise<{ month: string; publishedAt: string; items: BulletinEntry[]; logCheckpoint: CheckpointNotice }> {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
      throw new RequestValidationError([{ field: 'month', messages: ['month must be YYYY-MM'] }]);
    }
    const [event] = await this.store.readStream(bulletinStreamId(month));
    if (!event) throw new DomainError('BULLETIN_NOT_FOUND', `No bulletin was published for ${month}`, 'not_found');
    return {
      month,
      publishedAt: event.metadata.occurredAt,
      items: (event.data as { items: BulletinEntry[] }).items,
      logCheckpoint: checkpointNotice(await this.checkpoints.current()),
    };
  }
}
