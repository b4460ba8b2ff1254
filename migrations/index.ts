import { CreateAppRole1763780000000 } from './1763780000000-create-app-role';
import { CreateEventStore1763780000100 } from './1763780000100-create-event-store';
import { CreateIdempotencyKeys1763780000200 } from './1763780000200-create-idempotency-keys';

/**
 * Every migration, in order. Listed by hand rather than globbed so the CLI, the service's
 * boot and the test template all run exactly the same set, compiled or not.
 */
export const MIGRATIONS = [CreateAppRole1763780000000, CreateEventStore1763780000100, CreateIdempotencyKeys1763780000200];
