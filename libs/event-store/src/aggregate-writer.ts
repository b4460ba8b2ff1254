import { Injectable } from '@nestjs/common';
import { AggregateRoot, ConcurrencyError, isPreconditioned } from '@opsledger/ddd';
import { Db, deferredWriteFailure, isStaleWrite } from '@opsledger/persistence';
import { EntityManager } from 'typeorm';
import { EventStore, isLedgerConflict, PrefetchedHead } from './event-store';
import { EventMetadata } from './stored-event';

export interface StateWrite {
  manager: EntityManager;
  /** Version the aggregate was loaded at (0 when new). */
  expectedVersion: number;
  /** Version to store with the new state. */
  nextVersion: number;
  isNew: boolean;
  /**
   * Runs a state write guarded in SQL: it fails (`expect_written`, SQLSTATE OL409) rather than
   * answering a count when no row is at the expected version, and that failure is the
   * conflict. When the aggregate was loaded with its ledger head (`loadForChange`) it is sent
   * ahead of the COMMIT, or of the unit of work's next statement, with the ledger append
   * (`Db.writeBehind`): the command then commits in one round trip with its writes. Otherwise
   * it runs now. `refused` names the command's error for another failure of the write (a
   * unique violation), wherever it surfaces; unnamed ones fail the unit of work as they are.
   */
  guarded(
    this: void,
    text: string,
    values: readonly unknown[],
    refused?: (error: unknown) => Error | undefined,
  ): Promise<void>;
}

/**
 * The write half every repository shares: the aggregate's state row is written guarded by
 * its version, and its events are appended to the ledger, in one transaction. A guard that
 * matches no row means someone else saved first: a ConcurrencyError (409/412), never an
 * overwrite. When the client sent `If-Match` (assertVersion), losing that race is the same 412
 * the check itself answers: the client's precondition failed, whoever noticed it.
 */
@Injectable()
export class AggregateWriter {
  /** The ledger head read with each aggregate's load for a change, until its save. */
  private readonly heads = new WeakMap<AggregateRoot, PrefetchedHead>();

  constructor(
    private readonly db: Db,
    private readonly store: EventStore,
  ) {}

  /**
   * An aggregate loaded by `loadForChange` carries the ledger head read with its load: the
   * append then rides in the state write's round trip; otherwise the head does, and the append
   * follows. A head that is no longer the stream's cannot write: it is checked against the
   * loaded version, and an append at a stream version someone else took fails on the ledger's
   * unique key (a ConcurrencyError either way, nothing written). `metadata` overrides what the
   * events' metadata takes from the request context: for a command run in a unit of work it
   * shares with others (group commit), its own request's actor, address and correlation id.
   */
  async save(
    aggregate: AggregateRoot,
    tenantId: string | null,
    writeState: (write: StateWrite) => Promise<boolean>,
    metadata?: Partial<EventMetadata>,
  ): Promise<void> {
    const prefetched = this.heads.get(aggregate);
    this.heads.delete(aggregate);
    const events = aggregate.uncommittedEvents;
    if (events.length === 0) return;
    const ifMatch = isPreconditioned(aggregate);
    await this.db.transaction(async () => {
      const expectedVersion = aggregate.version;
      const conflict = () =>
        new ConcurrencyError(aggregate.streamType, aggregate.id, expectedVersion, ifMatch);
      /** A failure of the state write (or of what rode with it) as the command reports it. */
      const refusal = (error: unknown): unknown =>
        deferredWriteFailure(error) ??
        (isStaleWrite(error) || isLedgerConflict(error) ? conflict() : error);
      const write = (behind: boolean): Promise<boolean> =>
        writeState({
          manager: this.db.manager,
          expectedVersion,
          nextVersion: expectedVersion + events.length,
          isNew: expectedVersion === 0,
          guarded: async (text, values, refused) => {
            const failed = (error: Error): Error =>
              isStaleWrite(error) ? conflict() : (refused?.(error) ?? error);
            if (behind) return this.db.writeBehind(text, values, failed);
            await this.db.manager.query(text, [...values]).catch((error: unknown) => {
              throw error instanceof Error ? failed(error) : error;
            });
          },
        }).catch((error: unknown) => {
          throw refusal(error);
        });
      const append = {
        streamType: aggregate.streamType,
        streamId: aggregate.id,
        expectedVersion,
        events,
        tenantId,
        ifMatch,
        metadata,
      };
      if (
        prefetched &&
        prefetched.count === events.length &&
        prefetched.streamType === aggregate.streamType &&
        prefetched.streamId === aggregate.id
      ) {
        // The append goes ahead of the next statement: the state write's, or (a guarded
        // state write going the same way) the COMMIT's.
        await this.store.appendBehind({ ...append, head: prefetched });
        if (!(await write(true))) throw conflict();
        return;
      }
      // The ledger head travels with the state write's round trip.
      const head = this.store.prefetchHead(aggregate.streamType, aggregate.id, events.length);
      if (!(await write(false))) throw conflict();
      await this.store.append({ ...append, head });
    });
    aggregate.markCommitted();
  }

  /**
   * Loads an aggregate that a command will change and save in this unit of work: the ledger
   * head of `streamType`/`id`, for an append of `count` events, is read in the round trip of
   * `load`'s first statement, and `save` sends the append with the state write. Outside a
   * read-write unit of work it is a plain load (a read draws no positions).
   */
  async loadForChange<A extends AggregateRoot>(
    streamType: string,
    id: string,
    count: number,
    load: () => Promise<A | null>,
  ): Promise<A | null> {
    const head = this.db.inReadWrite ? this.store.prefetchHead(streamType, id, count) : undefined;
    const aggregate = await load();
    if (aggregate && head) this.heads.set(aggregate, head);
    return aggregate;
  }

  /**
   * `loadForChange` for several aggregates of one stream type, each to be changed by one event
   * and saved in this unit of work: their heads are read in one statement riding with `load`'s.
   */
  async loadManyForChange<A extends AggregateRoot>(
    streamType: string,
    ids: readonly string[],
    load: () => Promise<A[]>,
  ): Promise<A[]> {
    const heads =
      this.db.inReadWrite && ids.length > 0
        ? this.store.prefetchHeads(streamType, [...new Set(ids)])
        : undefined;
    const aggregates = await load();
    for (const aggregate of aggregates) {
      const head = heads?.get(aggregate.id);
      if (head) this.heads.set(aggregate, head);
    }
    return aggregates;
  }
}
