import { Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Queue } from 'bullmq';
import type { AppQueue } from '../shared/queues/queues.module.js';

/**
 * The BullMQ queues of this application, found among its providers (any provider that exposes a `queue`), so that
 * metrics and the dashboard cover a queue added later by another context without being told about it.
 */
@Injectable()
export class QueueDirectory {
  private found: readonly AppQueue<unknown>[] | null = null;

  constructor(private readonly discovery: DiscoveryService) {}

  queues(): readonly AppQueue<unknown>[] {
    if (this.found) return this.found;
    const byName = new Map<string, AppQueue<unknown>>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.isDependencyTreeStatic() ? wrapper.instance : undefined;
      const queue = typeof instance === 'object' && instance !== null ? (instance as { queue?: unknown }).queue : undefined;
      if (queue instanceof Queue && !byName.has(queue.name)) byName.set(queue.name, queue as AppQueue<unknown>);
    }
    this.found = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
    return this.found;
  }
}
