import { StoredEvent } from './stored-event';

/**
 * A read model fed by the ledger. Handlers must be idempotent: after a crash between a
 * handler's writes and the checkpoint, the same event is handled again.
 */
export interface Projection {
  readonly name: string;
  /** Event types this projection wants; undefined means every event. */
  readonly eventTypes?: readonly string[];
  handle(events: readonly StoredEvent[]): Promise<void>;
  /** Removes everything the projection wrote, before a rebuild from position zero. */
  reset(): Promise<void>;
}
