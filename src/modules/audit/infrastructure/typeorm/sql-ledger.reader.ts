import { Injectable } from '@nestjs/common';
import { Db, RequestContext } from '@opsledger/persistence';
import { CommitCursor } from '../../domain/ledger-event';
import { LedgerSeal } from '../../domain/ledger-seal';
import { SealedEventRef } from '../../domain/ledger-seal.repository';
import {
  LedgerReader,
  LinkedLedgerEvent,
  LocatedEvent,
  SealRange,
  SealRangeSummary,
  SealSpan,
  StreamVersionRef,
  WalkedLedgerEvent,
} from '../../application/queries/ledger.reader';
import { LedgerSql } from './ledger.sql';

/**
 * Each call is a short transaction of its own in system scope: a verification of the whole
 * ledger reads it batch by batch without holding one snapshot open for its duration.
 */
@Injectable()
export class SqlLedgerReader extends LedgerReader {
  private readonly sql = new LedgerSql(
    (sql, params) => this.db.manager.query(sql, params) as Promise<unknown[]>,
  );

  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
  ) {
    super();
  }

  maxPosition(): Promise<string | null> {
    return this.system(() => this.sql.maxPosition());
  }

  sealLag(): Promise<{ events: number; seconds: number }> {
    return this.system(() => this.sql.sealLag());
  }

  unsealedAtLeast(count: number): Promise<boolean> {
    return this.system(() => this.sql.unsealedAtLeast(count));
  }

  linkedEvents(
    afterPosition: string,
    toPosition: string,
    limit: number,
  ): Promise<LinkedLedgerEvent[]> {
    return this.system(() => this.sql.linkedEvents(afterPosition, toPosition, limit));
  }

  eventRefs(after: CommitCursor, upTo: CommitCursor, limit: number): Promise<SealedEventRef[]> {
    return this.system(() => this.sql.eventRefs(after, upTo, limit));
  }

  allSeals(): Promise<SealSpan | null> {
    return this.system(() => this.sql.allSeals());
  }

  sealsOverlapping(fromPosition: string, toPosition: string): Promise<SealSpan | null> {
    return this.system(() => this.sql.sealsOverlapping(fromPosition, toPosition));
  }

  sealBefore(seal: LedgerSeal): Promise<LedgerSeal | null> {
    return this.system(() => this.sql.sealBefore(seal));
  }

  sealsBetween(
    after: CommitCursor | null,
    upTo: CommitCursor,
    limit: number,
  ): Promise<LedgerSeal[]> {
    return this.system(() => this.sql.sealsBetween(after, upTo, limit));
  }

  latestSeals(before: CommitCursor | null, limit: number): Promise<LedgerSeal[]> {
    return this.system(() => this.sql.latestSeals(before, limit));
  }

  committedAfter(after: CommitCursor, limit: number): Promise<LinkedLedgerEvent[]> {
    return this.system(() => this.sql.committedLinkedAfter(after, limit));
  }

  sealsById(ids: readonly string[]): Promise<LedgerSeal[]> {
    return this.system(() => this.sql.sealsById(ids));
  }

  eventsAt(refs: readonly StreamVersionRef[]): Promise<LocatedEvent[]> {
    return this.system(() => this.sql.eventsAt(refs));
  }

  walk(
    after: CommitCursor,
    upTo: CommitCursor | null,
    toPosition: string | null,
    limit: number,
  ): Promise<WalkedLedgerEvent[]> {
    return this.system(() => this.sql.walk(after, upTo, toPosition, limit));
  }

  summariseSealRanges(ranges: readonly SealRange[]): Promise<SealRangeSummary[]> {
    return ranges.length === 0
      ? Promise.resolve([])
      : this.system(() => this.sql.summariseSealRanges(ranges));
  }

  private system<T>(fn: () => Promise<T>): Promise<T> {
    return this.context.asSystem(() => this.db.read(fn));
  }
}
