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

/** Aggregates whose write carries the client's precondition (`If-Match`), see assertVersion. */
const preconditioned = new WeakSet<AggregateRoot>();

/**
 * The optimistic-concurrency precondition of a write: `expected` is the version the client
 * edited (from `If-Match`); when given, it must still be the aggregate's version, or the write
 * is refused with a 412 and nothing is written. Without it the write goes ahead and the event
 * store's own version check still catches a concurrent writer (a 409).
 *
 * A concurrent writer can still win between this check and the write; the aggregate remembers
 * that the client sent a precondition, so that the write's own version guard refuses with the
 * same 412 (see isPreconditioned), never a 409 the client did not ask for.
 */
export function assertVersion(aggregate: AggregateRoot, expected: number | undefined): void {
  if (expected === undefined) return;
  if (expected !== aggregate.version) {
    throw new ConcurrencyError(aggregate.streamType, aggregate.id, expected, true);
  }
  preconditioned.add(aggregate);
}

/** Whether assertVersion checked a client precondition on this aggregate (a lost race is a 412). */
export function isPreconditioned(aggregate: AggregateRoot): boolean {
  return preconditioned.has(aggregate);
}
