import 'reflect-metadata';
import type { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import { OUTSIDE_API_PREFIX } from './publication/public-pages/routes.js';
import type { Clock } from './shared/clock.js';
import type { AppConfig } from './shared/config/config.js';
import { runMigrations } from './database.js';
import { migrateQueueSchema } from './shared/queues/queues.module.js';
import { IdempotencyInterceptor } from './shared/http/idempotency.interceptor.js';
import { boundedBodies } from './shared/http/body-bounds.js';
import { ProblemFilter } from './shared/http/problem.filter.js';
import { ReplyInterceptor } from './shared/http/reply.interceptor.js';
import { useCors, useSecurityHeaders } from './shared/http/security-headers.js';
import { createValidationPipe } from './shared/http/validation.js';
import { PinoLoggerService, createLogger, requestLogging } from './shared/logging/logging.js';
import { mountOperations } from './observability/operations.js';

/** Bounds what a request can make the server parse; larger bodies are refused with 413 before parsing. */
export const MAX_BODY = '256kb';

/** Builds the configured application (not yet listening): used by main and by the end-to-end tests. */
export async function createApp(
  config: AppConfig,
  extraModules: readonly Type[] = [],
  clock?: Clock,
): Promise<NestExpressApplication> {
  if (!config.databaseUrl) {
    throw new Error('no database address: in embedded mode, start the embedded database first (see main.ts)');
  }
  if (config.migrationsRun) {
    await runMigrations({ databaseUrl: config.databaseUrl, poolSize: 2 });
    // The PostgreSQL queue backend's own schema, once, before any queue or worker checks that it is there.
    if (config.queues.kind === 'postgres') await migrateQueueSchema(config.databaseUrl);
  }
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, extraModules, clock), {
    bufferLogs: true,
    bodyParser: false,
    // A failure at startup is thrown to the caller (main prints it; tests and the bench clean up), not an abort.
    abortOnError: false,
  });
  const logger = createLogger(config.logLevel);
  app.useLogger(new PinoLoggerService(logger));
  app.disable('x-powered-by');
  useSecurityHeaders(app);
  useCors(app, config.corsOrigins);
  app.use(requestLogging(logger));
  mountOperations(app);
  app.useBodyParser('json', { limit: MAX_BODY, type: ['application/json', 'application/*+json'] });
  app.use(boundedBodies());
  app.setGlobalPrefix('api', { exclude: OUTSIDE_API_PREFIX });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  // Outermost first: the Idempotency-Key interceptor stores the status and headers that ReplyInterceptor sets.
  app.useGlobalInterceptors(app.get(IdempotencyInterceptor), new ReplyInterceptor());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('casetrail')
      .setDescription('Administrative law-enforcement cases of a district Emergency Management Bureau')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
