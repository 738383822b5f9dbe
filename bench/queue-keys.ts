import { Redis } from 'ioredis';
import { BENCH_QUEUE_PREFIX, LOCAL_REDIS_URL } from './config.js';

const SCAN_COUNT = 1000;

/**
 * Deletes every key under the bench's BullMQ prefix, and nothing else: other processes share this Redis, so no
 * FLUSHDB. Returns how many keys went.
 */
export async function deleteBenchQueueKeys(): Promise<number> {
  const redis = new Redis(LOCAL_REDIS_URL, { maxRetriesPerRequest: 3 });
  try {
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${BENCH_QUEUE_PREFIX}:*`, 'COUNT', SCAN_COUNT);
      if (keys.length > 0) deleted += await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    return deleted;
  } finally {
    redis.disconnect();
  }
}
