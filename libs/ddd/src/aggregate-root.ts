import { DomainEvent } from './domain-event';
import { ConcurrencyError } from './domain-error';

/**
 * Base of every aggregate: private state changes only through intent-named methods,
 * each of which records an event. `version` is the number of events the stored
 * aggregate had when it was loaded; the repository uses it for optimistic concurrency.
 */
export abstract class AggregateRoot<TId extends string = string> {
  abstract readonly streamType: string;
  private pending: DomainEvent<object>[] = [];

  protected constructor(
    readonly id: TId,
    private loadedVersion: number,
  ) {}

  get version(): number {
    return this.loadedVersion;
  }

  protected record(event: DomainEvent<object>): void {
    this.pending.push(event);
  }

  get uncommittedEvents(): readonly DomainEvent<object>[] {
    return this.pending;
  }

  /** Called by the repository once the events are stored. */
  markCommitted(): void {
    this.loadedVersion += this.pending.length;
    this.pending = [];
  }
}

/**
 * The optimistic-concurrency precondition of a write: `expected` is the version the client
 * edited (from `If-Match`); when given, it must still be the aggregate's version, or the write
 * is refused with a 412 and nothing is written. Without it the write goes ahead and the event
 * store's own version check still catches a concurrent writer (a 409).
 */
export function assertVersion(aggregate: AggregateRoot, expected: number | undefined): void {
  if (expected !== undefined && expected !== aggregate.version) {
    throw new ConcurrencyError(aggregate.streamType, aggregate.id, expected, true);
  }
}
