import { CreateEventStore1764300000000 } from '../../eventstore/migrations/1764300000000-create-event-store.js';

/** Every context's migrations, in the order they apply. TypeORM records each by name in `migrations`. */
export const MIGRATIONS = [CreateEventStore1764300000000];
