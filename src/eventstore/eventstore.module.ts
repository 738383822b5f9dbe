import {
  Global,

  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../shared/config/config.module.js';
import type { AppConfig } from '../shared/config/config.js';
import { AuditController } from './audit.http.controller.js';
import { poolExecutor } from '../shared/database/data-source.js';
import { PostgresEventStore } from './event-store.js';
import { ProjectionRunner } from './projections/projection-runner.js';
import { UpcasterRegistry } from './upcasters.js';

/** Starts the projections once every module has registered its own, and stops them before the pool closes. */
@Injectable()
export class ProjectionLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(private readonly runner: ProjectionRunner) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}

@Global()
@Module({
  controllers: [AuditController],
  providers: [
    UpcasterRegistry,
    {
      provide: PostgresEventStore,
      inject: [DataSource, UpcasterRegistry, APP_CONFIG],
      useFactory: (dataSource: DataSource, upcasters: UpcasterRegistry, config: AppConfig) =>
        new PostgresEventStore(
          config.database.kind === 'embedded' ? poolExecutor(dataSource, { prepare: false }) : poolExecutor(dataSource),
          upcasters,
        ),
    },
    {
      provide: ProjectionRunner,
      inject: [PostgresEventStore, APP_CONFIG],
      useFactory: (store: PostgresEventStore, config: AppConfig) => {
        const logger = new Logger(ProjectionRunner.name);
        return new ProjectionRunner(store, {
          databaseUrl: config.databaseUrl,
          pollMs: config.projectionPollMs,
          listen: config.database.kind !== 'embedded',
          onError: (projection, error) => logger.error({ err: error, projection }, 'projection failed'),
        });
      },
    },
    ProjectionLifecycle,
  ],
  exports: [PostgresEventStore, ProjectionRunner, UpcasterRegistry],
})
export class EventStoreModule {}

