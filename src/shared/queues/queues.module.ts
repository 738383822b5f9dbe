import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import {
  type Processor,
  Queue,
  type QueueOptions,
  Worker,
  type WorkerOptions,
  createPostgresBackend,
  runMigrations as runQueueSchemaMigrations,
  withBackend,
} from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig, QueueMode } from '../config/config.js';

/**
 * A queue or worker on either backend. Both are BullMQ's own Queue and Worker classes (the PostgreSQL ones extend
 * them and differ only in the type of their connection option, which nothing outside this factory touches), so the
 * code that uses one, and the metrics and dashboard that find it, do not depend on where its jobs are kept.
 */
export type AppQueue<D> = Queue<D>;
export type AppWorker<D> = Worker<D>;

type QueueSettings = Omit<QueueOptions, 'connection' | 'prefix'>;
type WorkerSettings = Omit<WorkerOptions, 'connection' | 'prefix' | 'drainDelay'>;

const PostgresQueues = withBackend(createPostgresBackend);
/** Each queue and worker has a pool of its own besides its LISTEN connection; they run short statements. */
const POSTGRES_POOL_SIZE = 2;
/**
 * How long (seconds) an idle worker waits before it looks for jobs again. On the PostgreSQL backend a new job is
 * announced with NOTIFY, which never reaches other connections of the embedded database: there the worker polls.
 */
const EMBEDDED_DRAIN_DELAY_S = 1;

/** Creates the schema of BullMQ's PostgreSQL backend (`bullmq`) where it is missing; a no-op when it is current. */
export async function migrateQueueSchema(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'casetrail queue migrations' });
  await client.connect();
  try {
    await runQueueSchemaMigrations(client);
  } finally {
    await client.end();
  }
}

/**
 * The one place where BullMQ queues and workers are made: on Redis when REDIS_URL is set, otherwise on BullMQ's
 * PostgreSQL backend in the application's database (its schema `bullmq`). Connections it made close on shutdown.
 */
@Injectable()
export class QueueFactory implements OnApplicationShutdown {
  private readonly redisConnections: Redis[] = [];
  /** For the health check, made on first use. */
  private probe: Redis | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: DataSource,
  ) {}

  get mode(): QueueMode {
    return this.config.queues;
  }

  queue<D>(name: string, settings: QueueSettings = {}): AppQueue<D> {
    const queues = this.config.queues;
    if (queues.kind === 'redis') {
      return new Queue<D>(name, { ...settings, connection: this.redis(queues.url, false), prefix: this.config.queuePrefix });
    }
    return new PostgresQueues.Queue<D>(name, { ...settings, connection: this.postgres() }) as unknown as AppQueue<D>;
  }

  worker<D>(name: string, processor: Processor<D>, settings: WorkerSettings = {}): AppWorker<D> {
    const queues = this.config.queues;
    if (queues.kind === 'redis') {
      return new Worker<D>(name, processor, {
        ...settings,
        connection: this.redis(queues.url, true),
        prefix: this.config.queuePrefix,
      });
    }
    return new PostgresQueues.Worker<D>(name, processor, {
      ...settings,
      connection: this.postgres(),
      ...(this.config.database.kind === 'embedded' ? { drainDelay: EMBEDDED_DRAIN_DELAY_S } : {}),
    }) as unknown as AppWorker<D>;
  }

  /** Whether the queues' store answers: Redis, or the database that holds them. */
  async ping(): Promise<boolean> {
    const queues = this.config.queues;
    try {
      if (queues.kind === 'postgres') {
        await this.db.query(`SELECT 1 FROM bullmq.migration LIMIT 1`);
        return true;
      }
      this.probe ??= this.redis(queues.url, false, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
      if (this.probe.status === 'wait') await this.probe.connect().catch(() => undefined);
      return (await this.probe.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  onApplicationShutdown(): void {
    // BullMQ leaves connections it was given open; the queues and workers were closed by their owners before.
    this.redisConnections.forEach((connection) => connection.disconnect());
  }

  /** Workers block on their connection, which BullMQ then wants without a per-request retry limit. */
  private redis(url: string, blocking: boolean, extra: RedisOptions = {}): Redis {
    const redis = new Redis(url, { maxRetriesPerRequest: blocking ? null : 3, connectionName: 'casetrail', ...extra });
    // Errors surface through health and the callers; an unhandled 'error' event would crash the process.
    redis.on('error', () => undefined);
    this.redisConnections.push(redis);
    return redis;
  }

  private postgres(): { connectionString: string; max: number; application_name: string } {
    return { connectionString: this.config.databaseUrl, max: POSTGRES_POOL_SIZE, application_name: 'casetrail queues' };
  }
}

@Global()
@Module({ providers: [QueueFactory], exports: [QueueFactory] })
export class QueuesModule {}
