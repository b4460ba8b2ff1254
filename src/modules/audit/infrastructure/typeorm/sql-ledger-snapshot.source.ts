import { Injectable } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import { CommitCursor } from '../../domain/ledger-event';
import { LedgerSeal } from '../../domain/ledger-seal';
import {
  ExportedLedgerEvent,
  ExportScope,
  LedgerSnapshot,
  LedgerSnapshotSource,
} from '../../application/queries/export-ledger/ledger-snapshot.port';
import {
  LinkedLedgerEvent,
  LocatedEvent,
  SealSpan,
  StreamVersionRef,
} from '../../application/queries/ledger.reader';
import { SealedEventRef } from '../../domain/ledger-seal.repository';
import { LedgerSql } from './ledger.sql';

class SqlLedgerSnapshot implements LedgerSnapshot {
  private readonly sql: LedgerSql;
  private closed = false;

  constructor(private readonly runner: QueryRunner) {
    this.sql = new LedgerSql((sql, params) => runner.query(sql, params) as Promise<unknown[]>);
  }

  maxPosition(): Promise<string | null> {
    return this.sql.maxPosition();
  }

  allSeals(): Promise<SealSpan | null> {
    return this.sql.allSeals();
  }

  sealsOverlapping(fromPosition: string, toPosition: string): Promise<SealSpan | null> {
    return this.sql.sealsOverlapping(fromPosition, toPosition);
  }

  sealBefore(seal: LedgerSeal): Promise<LedgerSeal | null> {
    return this.sql.sealBefore(seal);
  }

  linkedEvents(
    afterPosition: string,
    toPosition: string,
    limit: number,
  ): Promise<LinkedLedgerEvent[]> {
    return this.sql.linkedEvents(afterPosition, toPosition, limit);
  }

  eventRefs(after: CommitCursor, upTo: CommitCursor, limit: number): Promise<SealedEventRef[]> {
    return this.sql.eventRefs(after, upTo, limit);
  }

  sealsById(ids: readonly string[]): Promise<LedgerSeal[]> {
    return this.sql.sealsById(ids);
  }

  eventsAt(refs: readonly StreamVersionRef[]): Promise<LocatedEvent[]> {
    return this.sql.eventsAt(refs);
  }

  events(after: CommitCursor, scope: ExportScope, limit: number): Promise<ExportedLedgerEvent[]> {
    return this.sql.exportEvents(after, scope, limit);
  }

  sealsBetween(
    after: CommitCursor | null,
    upTo: CommitCursor,
    limit: number,
  ): Promise<LedgerSeal[]> {
    return this.sql.sealsBetween(after, upTo, limit);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.runner.query('ROLLBACK');
    } finally {
      await this.runner.release();
    }
  }
}

/**
 * A REPEATABLE READ, read-only transaction on a connection of its own, held while an export
 * streams. Per-batch transactions could see a stream's later event without an earlier one
 * that committed meanwhile with a lower commit position; one snapshot cannot. It holds no
 * transaction id, so it does not hold back the projector's horizon.
 */
@Injectable()
export class SqlLedgerSnapshotSource extends LedgerSnapshotSource {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async open(): Promise<LedgerSnapshot> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await runner.query(`SELECT set_config('app.scope', 'system', true)`);
    } catch (error) {
      await runner.release();
      throw error;
    }
    return new SqlLedgerSnapshot(runner);
  }
}
