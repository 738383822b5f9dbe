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

/** The pending deadlines (PostgreSQL's truth) whose three jobs are not all in the queue, waiting or fired. */
export async function missingJobs(queue: Queue, deadlineIds: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const id of deadlineIds) {
    for (const stage of ['reminder', 'due', 'overdue']) {
      const job = await queue.getJob(`${id}.${stage}`);
      if (!job) missing.push(`${id}.${stage}`);
    }
  }
  return missing;
}
