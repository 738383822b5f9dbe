import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Metrics } from './metrics.js';
import { QueueDirectory } from './queue-directory.js';

/** Prometheus metrics and the queue directory the dashboard is built on (mounted by `mountOperations`). */
@Global()
@Module({ imports: [DiscoveryModule], providers: [Metrics, QueueDirectory], exports: [Metrics, QueueDirectory] })
export class ObservabilityModule {}
