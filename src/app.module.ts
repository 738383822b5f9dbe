import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarModule } from './calendar/calendar.module.js';
import { CasesModule } from './cases/cases.module.js';
import { DeadlinesModule } from './deadlines/deadlines.module.js';
import { EventStoreModule } from './eventstore/eventstore.module.js';
import { HealthModule } from './health/health.module.js';
import { ObservabilityModule } from './observability/observability.module.js';
import { IdentityModule } from './identity/identity.module.js';
import { type Clock, SystemClock } from './shared/clock.js';
import { ConfigModule } from './shared/config/config.module.js';
import type { AppConfig } from './shared/config/config.js';
import { dataSourceOptions } from './database.js';
import { PersonalDataModule } from './personal-data/personal-data.module.js';
import { ErasurePropagationModule } from './personal-data/erasure-propagation.module.js';
import { PublicationModule } from './publication/publication.module.js';
import { PlanningModule } from './planning/planning.module.js';
import { ReportingModule } from './reporting/reporting.module.js';
import { ReviewModule } from './review/review.module.js';
import { IdempotencyInterceptor } from './shared/http/idempotency.interceptor.js';
import { QueuesModule } from './shared/queues/queues.module.js';

@Module({})
export class AppModule {
  /** `extraModules` lets a harness (the HTTP benchmark) mount routes of its own behind the same pipeline. */
  static forRoot(config: AppConfig, extraModules: readonly Type[] = [], clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...extraModules,
        ConfigModule.forRoot(config, clock),
        TypeOrmModule.forRoot({
          ...dataSourceOptions({ databaseUrl: config.databaseUrl, poolSize: config.databasePoolSize }),
          migrationsRun: false,
          retryAttempts: 3,
          retryDelay: 1000,
        }),
        EventStoreModule,
        QueuesModule,
        CalendarModule,
        IdentityModule,
        CasesModule,
        DeadlinesModule,
        ReviewModule,
        PlanningModule,
        PublicationModule,
        ReportingModule,
        PersonalDataModule,
        ErasurePropagationModule,
        HealthModule,
        ObservabilityModule,
      ],
      providers: [IdempotencyInterceptor],
    };
  }
}
