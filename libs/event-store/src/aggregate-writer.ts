import { Injectable } from '@nestjs/common';
import { AggregateRoot, ConcurrencyError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { EntityManager } from 'typeorm';
import { EventStore } from './event-store';

export interface StateWrite {
  manager: EntityManager;
  /** Version the aggregate was loaded at (0 when new). */
  expectedVersion: number;
  /** Version to store with the new state. */
  nextVersion: number;
  isNew: boolean;
}

/**
 * The write half every repository shares: the aggregate's state row is written guarded by
 * its version, and its events are appended to the ledger, in one transaction. A guard that
 * matches no row means someone else saved first: a ConcurrencyError (409/412), never an
 * overwrite.
 */
@Injectable()
export class AggregateWriter {
  constructor(
    private readonly db: Db,
    private readonly store: EventStore,
  ) {}

  async save(
    aggregate: AggregateRoot,
    tenantId: string | null,
    writeState: (write: StateWrite) => Promise<boolean>,
  ): Promise<void> {
    const events = aggregate.uncommittedEvents;
    if (events.length === 0) return;
    await this.db.transaction(async () => {
      const expectedVersion = aggregate.version;
      const written = await writeState({
        manager: this.db.manager,
        expectedVersion,
        nextVersion: expectedVersion + events.length,
        isNew: expectedVersion === 0,
      });
      if (!written) throw new ConcurrencyError(aggregate.streamType, aggregate.id, expectedVersion);
      await this.store.append({
        streamType: aggregate.streamType,
        streamId: aggregate.id,
        expectedVersion,
        events,
        tenantId,
      });
    });
    aggregate.markCommitted();
  }
}
