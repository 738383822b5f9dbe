import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppModule } from '../../app.module.js';
import { CalendarService } from '../../calendar/calendar.service.js';
import { ProjectionRunner } from '../../eventstore/projections/projection-runner.js';
import { type AppConfig, loadConfig } from '../../shared/config/config.js';
import { migrateQueueSchema } from '../../shared/queues/queues.module.js';
import { EXIT_FAILED, EXIT_OK, UsageError, perSecond, print, say, seconds } from '../cli.js';
import { describeDatabase, withDatabase } from '../database.js';
import { progressBar } from '../progress.js';

const PROGRESS_MS = 200;

/**
 * The application's modules, with every projection discovered and handed to the runner (module initialisation) but
 * nothing of what bootstrap starts: no projection runner loop, no queue worker, no reconciler, no scheduler. The CLI is
 * then no app instance that fires deadline alerts; it only replays what it is asked to.
 */
async function projectionsOnly(config: AppConfig): Promise<INestApplication> {
  if (config.queues.kind === 'postgres') await migrateQueueSchema(config.databaseUrl);
  const app = await NestFactory.create(AppModule.forRoot(config), { logger: ['error', 'warn'], abortOnError: false });
  // Nest runs the module-init hooks only from init(), which would also run the bootstrap hooks.
  await (app as unknown as { callInitHook(): Promise<void> }).callInitHook();
  // Deadlines are counted on the calendar, which bootstrap would have loaded from its read model.
  await app.get(CalendarService).refresh();
  return app;
}

async function rebuildOne(app: INestApplication, name: string): Promise<{ events: number; ms: number }> {
  const runner = app.get(ProjectionRunner);
  const db = app.get(DataSource);
  const [head] = await db.query<{ position: string | null }[]>('SELECT max(global_position) AS position FROM events');
  const bar = progressBar(name.padEnd(20));
  bar.start(Number(head?.position ?? 0));
  const timer = setInterval(() => {
    db.query<{ global_position: string }[]>('SELECT global_position FROM projection_checkpoints WHERE name = $1', [name])
      .then(([row]) => bar.update(Number(row?.global_position ?? 0)))
      .catch(() => undefined);
  }, PROGRESS_MS);
  const started = Date.now();
  try {
    const events = await runner.rebuild(name);
    bar.update(Number(head?.position ?? 0));
    return { events, ms: Date.now() - started };
  } finally {
    clearInterval(timer);
    bar.stop();
  }
}

export async function run(args: readonly string[]): Promise<number> {
  const all = args.includes('--all');
  const named = args.filter((arg) => arg !== '--all');
  if (all ? named.length > 0 : named.length !== 1) throw new UsageError('name one projection, or --all');
  return withDatabase(loadConfig(), async (config) => {
    const app = await projectionsOnly({ ...config, logLevel: 'warn' });
    try {
      const known = app.get(ProjectionRunner).names({ rebuildable: true });
      const names = all ? known : named;
      const unknown = names.find((name) => !known.includes(name));
      if (unknown) throw new UsageError(`no projection named ${unknown}; the projections are: ${known.join(', ')}`);
      say(`rebuilding ${names.join(', ')} in ${describeDatabase(config)}`);
      let total = 0;
      let totalMs = 0;
      for (const name of names) {
        let result: { events: number; ms: number };
        try {
          result = await rebuildOne(app, name);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          say(
            message.includes('active in another instance')
              ? `${name} is running in a casetrail instance (it holds the projection's lock): stop the instances, then rebuild`
              : `the rebuild of ${name} failed: ${message}`,
          );
          return EXIT_FAILED;
        }
        total += result.events;
        totalMs += result.ms;
        print(`rebuilt ${name}: ${result.events} events in ${seconds(result.ms)} s (${perSecond(result.events, result.ms)} events/s)`);
      }
      if (names.length > 1) print(`rebuilt ${names.length} projections: ${total} events in ${seconds(totalMs)} s (${perSecond(total, totalMs)} events/s)`);
      return EXIT_OK;
    } finally {
      await app.close();
    }
  });
}
