import { DomainEvent } from './domain-event';

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
