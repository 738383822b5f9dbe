import { readFileSync } from 'node:fs';
import {
  Global,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../shared/config/config.module.js';
import type { AppConfig } from '../shared/config/config.js';
import { AuditController } from './audit.http.controller.js';
import { poolExecutor } from '../shared/database/data-source.js';
import { PostgresEventStore } from './event-store.js';
import { PersonalDataVault } from './personal-data/vault.js';
import { ProjectionDiscovery } from './projections/projection-discovery.js';
import { ProjectionRunner } from './projections/projection-runner.js';
import { CheckpointService } from './ledger/checkpoints.js';
import { LogIntegrity } from './ledger/log-integrity.js';
import { LogLedgerProjection } from './ledger/log-ledger.projection.js';
import { LogController } from './ledger/log.http.controller.js';
import { type CheckpointKey, loadCheckpointKey } from './ledger/signing-key.js';
import { UpcasterRegistry } from './upcasters.js';

/** Starts the projections once discovery has handed them to the runner, and stops them before the pool closes. */
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

/** Signs checkpoints every interval from start to shutdown (and on demand through POST /api/log/checkpoints). */
@Injectable()
export class CheckpointLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(private readonly checkpoints: CheckpointService) {}

  onApplicationBootstrap(): void {
    this.checkpoints.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.checkpoints.stop();
  }
}

export const CHECKPOINT_KEY = Symbol('CHECKPOINT_KEY');

const readWitness = (file: string | null) => (): string | null => {
  if (!file) return null;
  try {
    return readFileSync(file, 'utf8').trim() || null;
  } catch {
    return null;
  }
};

@Global()
@Module({
  imports: [DiscoveryModule],
  controllers: [AuditController, LogController],
  providers: [
    UpcasterRegistry,
    {
      provide: PostgresEventStore,
      // The vault comes from PersonalDataModule (global) where the app has one; without it nothing is sealed.
      inject: [DataSource, UpcasterRegistry, APP_CONFIG, { token: PersonalDataVault, optional: true }],
      useFactory: (dataSource: DataSource, upcasters: UpcasterRegistry, config: AppConfig, vault: PersonalDataVault | undefined) =>
        new PostgresEventStore(
          config.database.kind === 'embedded' ? poolExecutor(dataSource, { prepare: false }) : poolExecutor(dataSource),
          upcasters,
          undefined,
          vault ?? null,
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
    ProjectionDiscovery,
    ProjectionLifecycle,
    LogLedgerProjection,
    {
      provide: CHECKPOINT_KEY,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => loadCheckpointKey(config.checkpointKeyFile),
    },
    {
      provide: CheckpointService,
      inject: [DataSource, CHECKPOINT_KEY, APP_CONFIG],
      useFactory: (db: DataSource, key: CheckpointKey, config: AppConfig) =>
        new CheckpointService(db, key, { intervalMs: config.checkpointIntervalMs, witnessFile: config.checkpointWitnessFile }),
    },
    CheckpointLifecycle,
    {
      provide: LogIntegrity,
      inject: [PostgresEventStore, DataSource, APP_CONFIG, CHECKPOINT_KEY],
      useFactory: (store: PostgresEventStore, db: DataSource, config: AppConfig, key: CheckpointKey) =>
        new LogIntegrity(store, db, () => config.databaseUrl, key, readWitness(config.checkpointWitnessFile)),
    },
  ],
  exports: [PostgresEventStore, ProjectionRunner, UpcasterRegistry, CheckpointService, LogIntegrity],
})
export class EventStoreModule {}

