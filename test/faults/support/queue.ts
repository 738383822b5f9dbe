import { Queue } from 'bullmq';
import { DEADLINE_QUEUE } from '../../../src/deadlines/deadline-queue.js';

/** The deadline queue of a scenario's private Redis, as the app names it (prefix `casetrail`). */
export function deadlineQueue(redisPort: number): Queue {
  const queue = new Queue(DEADLINE_QUEUE, {
    connection: { host: '127.0.0.1', port: redisPort, maxRetriesPerRequest: 3 },
    prefix: 'casetrail',
  });
  queue.on('error', () => undefined);
  return queue;
}

/**
 * The pending deadlines (PostgreSQL's truth) whose escalation job is not in the queue, waiting or fired. Earlier
 * stages already past when a job is (re-)created are left out by design, so the escalation is the one every pending
 * deadline keeps.
 */
export async function missingJobs(queue: Queue, deadlineIds: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const id of deadlineIds) {
    const job = await queue.getJob(`${id}.overdue`);
    if (!job) missing.push(`${id}.overdue`);
  }
  return missing;
}
