import { EVENT_COLUMNS, EventRow, fromRow } from '@opsledger/event-store';
import { CommitCursor } from '../../domain/ledger-event';
import { LedgerSeal } from '../../domain/ledger-seal';
import { SealedEventRef } from '../../domain/ledger-seal.repository';
import {
  ExportedLedgerEvent,
  ExportScope,
} from '../../application/queries/export-ledger/ledger-snapshot.port';
import {
  LinkedLedgerEvent,
  LocatedEvent,
  SealRange,
  SealRangeSummary,
  SealSpan,
  StreamVersionRef,
  WalkedLedgerEvent,
} from '../../application/queries/ledger.reader';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type RunQuery = (sql: string, params: unknown[]) => Promise<unknown[]>;

interface SealRow {
  id: string;
  from_tx_id: string;
  from_position: string;
  to_tx_id: string;
  to_position: string;
  event_count: number;
  digest: string;
  prev_seal_digest: string | null;
  signature: string;
  key_id: string;
  created_at: Date;
}

const SEAL_COLUMNS = `id, from_tx_id::text AS from_tx_id, from_position::text AS from_position, to_tx_id::text AS to_tx_id,
  to_position::text AS to_position, event_count, digest, prev_seal_digest, signature, key_id, created_at`;

const QUALIFIED_EVENT_COLUMNS = EVENT_COLUMNS.split(',')
  .map((c) => `e.${c.trim()}`)
  .join(', ');

export function sealOf(row: SealRow): LedgerSeal {
  return {
    id: row.id,
    from: { txId: row.from_tx_id, position: row.from_position },
    to: { txId: row.to_tx_id, position: row.to_position },
    eventCount: row.event_count,
    digest: row.digest,
    prevSealDigest: row.prev_seal_digest,
    signature: row.signature,
    keyId: row.key_id,
    createdAt: new Date(row.created_at),
  };
}

/**
 * The ledger's SQL, shared by the transaction-per-call reader and the export's snapshot.
 * Positions and transaction ids travel as text: both are 64-bit.
 */
export class LedgerSql {
  constructor(private readonly run: RunQuery) {}

  async maxPosition(): Promise<string | null> {
    const rows = (await this.run(
      `SELECT max(position)::text AS max FROM event_store`,
      [],
    )) as Array<{ max: string | null }>;
    return rows[0]?.max ?? null;
  }

  async linkedEvents(
    afterPosition: string,
    toPosition: string,
    limit: number,
  ): Promise<LinkedLedgerEvent[]> {
    const rows = (await this.run(
      `SELECT ${QUALIFIED_EVENT_COLUMNS}, p.hash AS predecessor_hash
         FROM event_store e
         LEFT JOIN event_store p
           ON p.stream_type = e.stream_type AND p.stream_id = e.stream_id AND p.stream_version = e.stream_version - 1
        WHERE e.position > $1::bigint AND e.position <= $2::bigint
        ORDER BY e.position
        LIMIT $3`,
      [afterPosition, toPosition, limit],
    )) as Array<EventRow & { predecessor_hash: string | null }>;
    return rows.map((row) => ({ event: fromRow(row), predecessorHash: row.predecessor_hash }));
  }

  async eventRefs(
    after: CommitCursor,
    upTo: CommitCursor,
    limit: number,
  ): Promise<SealedEventRef[]> {
    const rows = (await this.run(
      `SELECT tx_id::text AS tx_id, position::text AS position, hash FROM event_store
        WHERE (tx_id, position) > ($1::text::xid8, $2::bigint) AND (tx_id, position) <= ($3::text::xid8, $4::bigint)
        ORDER BY event_store.tx_id, event_store.position
        LIMIT $5`,
      [after.txId, after.position, upTo.txId, upTo.position, limit],
    )) as Array<{ tx_id: string; position: string; hash: string }>;
    return rows.map((r) => ({ txId: r.tx_id, position: r.position, hash: r.hash }));
  }

  async sealsById(ids: readonly string[]): Promise<LedgerSeal[]> {
    const valid = ids.filter((id) => UUID.test(id));
    if (valid.length === 0) return [];
    const rows = (await this.run(
      `SELECT ${SEAL_COLUMNS} FROM event_seals WHERE id = ANY($1::uuid[])`,
      [valid],
    )) as SealRow[];
    return rows.map(sealOf);
  }

  async eventsAt(refs: readonly StreamVersionRef[]): Promise<LocatedEvent[]> {
    if (refs.length === 0) return [];
    const rows = (await this.run(
      `SELECT e.stream_type, e.stream_id, e.stream_version, e.position::text AS position,
              e.tx_id::text AS tx_id, e.hash
         FROM unnest($1::text[], $2::text[], $3::int[]) AS k(stream_type, stream_id, stream_version)
         JOIN event_store e USING (stream_type, stream_id, stream_version)`,
      [
        refs.map((r) => r.streamType),
        refs.map((r) => r.streamId),
        refs.map((r) => r.streamVersion),
      ],
    )) as Array<{
      stream_type: string;
      stream_id: string;
      stream_version: number;
      position: string;
      tx_id: string;
      hash: string;
    }>;
    return rows.map((r) => ({
      streamType: r.stream_type,
      streamId: r.stream_id,
      streamVersion: r.stream_version,
      position: r.position,
      txId: r.tx_id,
      hash: r.hash,
    }));
  }

  /** Committed events after `after` in commit order below the read horizon, with their stream predecessor's hash. */
  async committedLinkedAfter(after: CommitCursor, limit: number): Promise<LinkedLedgerEvent[]> {
    const rows = (await this.run(
      `SELECT ${QUALIFIED_EVENT_COLUMNS}, p.hash AS predecessor_hash
         FROM event_store e
         LEFT JOIN event_store p
           ON p.stream_type = e.stream_type AND p.stream_id = e.stream_id AND p.stream_version = e.stream_version - 1
        WHERE (e.tx_id, e.position) > ($1::text::xid8, $2::bigint)
          AND e.tx_id < (SELECT ledger_read_horizon(pg_current_snapshot()))
        ORDER BY e.tx_id, e.position
        LIMIT $3`,
      [after.txId, after.position, limit],
    )) as Array<EventRow & { predecessor_hash: string | null }>;
    return rows.map((row) => ({ event: fromRow(row), predecessorHash: row.predecessor_hash }));
  }

  async walk(
    after: CommitCursor,
    upTo: CommitCursor | null,
    toPosition: string | null,
    limit: number,
  ): Promise<WalkedLedgerEvent[]> {
    const params: unknown[] = [after.txId, after.position, limit];
    let bounds = '';
    if (upTo) {
      params.push(upTo.txId, upTo.position);
      bounds += ` AND (e.tx_id, e.position) <= ($${params.length - 1}::text::xid8, $${params.length}::bigint)`;
    }
    if (toPosition !== null) {
      params.push(toPosition);
      bounds += ` AND e.position <= $${params.length}::bigint`;
    }
    const rows = (await this.run(
      `SELECT ${QUALIFIED_EVENT_COLUMNS}, p.hash AS predecessor_hash, e.xmin::text AS row_version
         FROM event_store e
         LEFT JOIN event_store p
           ON p.stream_type = e.stream_type AND p.stream_id = e.stream_id AND p.stream_version = e.stream_version - 1
        WHERE (e.tx_id, e.position) > ($1::text::xid8, $2::bigint)${bounds}
        ORDER BY e.tx_id, e.position
        LIMIT $3`,
      params,
    )) as Array<EventRow & { predecessor_hash: string | null; row_version: string }>;
    return rows.map((row) => ({
      event: fromRow(row),
      predecessorHash: row.predecessor_hash,
      rowVersion: row.row_version,
    }));
  }

  /**
   * Per range, in one statement: the count, the first event, the seal digest over the stored
   * positions and hashes (the bytes `SealDigest` hashes: JSON strings, commit order) and the
   * fingerprint of the rows' `xmin` (the bytes `RowsFingerprint` hashes).
   */
  async summariseSealRanges(ranges: readonly SealRange[]): Promise<SealRangeSummary[]> {
    const rows = (await this.run(
      `SELECT r.seal_id::text AS seal_id, a.event_count, a.digest, a.rows_fingerprint,
              f.tx_id AS first_tx_id, f.position AS first_position
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
              AS r(seal_id, after_tx, after_position, to_tx, to_position, prev)
        CROSS JOIN LATERAL (
          SELECT count(*)::int AS event_count,
                 encode(sha256(convert_to(
                   '{"events":[' || COALESCE(string_agg(
                     '[' || to_json(e.position::text)::text || ',' || to_json(e.hash::text)::text || ']',
                     ',' ORDER BY e.tx_id, e.position), '') || '],"prev":' || r.prev || '}', 'UTF8')), 'hex') AS digest,
                 encode(sha256(convert_to(COALESCE(string_agg(e.xmin::text, ',' ORDER BY e.tx_id, e.position), ''),
                   'UTF8')), 'hex') AS rows_fingerprint
            FROM event_store e
           WHERE (e.tx_id, e.position) > (r.after_tx::xid8, r.after_position::bigint)
             AND (e.tx_id, e.position) <= (r.to_tx::xid8, r.to_position::bigint)) a
         LEFT JOIN LATERAL (
          SELECT e.tx_id::text AS tx_id, e.position::text AS position
            FROM event_store e
           WHERE (e.tx_id, e.position) > (r.after_tx::xid8, r.after_position::bigint)
             AND (e.tx_id, e.position) <= (r.to_tx::xid8, r.to_position::bigint)
           ORDER BY e.tx_id, e.position
           LIMIT 1) f ON true`,
      [
        ranges.map((r) => r.sealId),
        ranges.map((r) => r.after.txId),
        ranges.map((r) => r.after.position),
        ranges.map((r) => r.to.txId),
        ranges.map((r) => r.to.position),
        ranges.map((r) => JSON.stringify(r.prevSealDigest)),
      ],
    )) as Array<{
      seal_id: string;
      event_count: number;
      digest: string;
      rows_fingerprint: string;
      first_tx_id: string | null;
      first_position: string | null;
    }>;
    return rows.map((r) => ({
      sealId: r.seal_id,
      eventCount: r.event_count,
      first:
        r.first_tx_id !== null && r.first_position !== null
          ? { txId: r.first_tx_id, position: r.first_position }
          : null,
      digest: r.digest,
      rowsFingerprint: r.rows_fingerprint,
    }));
  }

  /**
   * Committed events after the newest seal, and the age of the oldest of them. The seal's end
   * is read first and given as parameters: taken from a join, the bound is unknown to the
   * planner, which then reads the whole ledger (the commit-order index cannot serve it).
   */
  async sealLag(): Promise<{ events: number; seconds: number }> {
    const seal = await this.newestSealEnd();
    const rows = (await this.run(
      `SELECT count(*)::int AS events,
              COALESCE(EXTRACT(EPOCH FROM now() - min(e.recorded_at)), 0)::float AS seconds
         FROM event_store e
        WHERE (e.tx_id, e.position) > ($1::text::xid8, $2::bigint)`,
      [seal?.tx_id ?? '0', seal?.position ?? '0'],
    )) as Array<{ events: number; seconds: number }>;
    return rows[0] ?? { events: 0, seconds: 0 };
  }

  /** Counts at most `count` events after the newest seal (the commit-order index, bounded). */
  async unsealedAtLeast(count: number): Promise<boolean> {
    const seal = await this.newestSealEnd();
    const rows = (await this.run(
      `SELECT count(*)::int AS events FROM (
         SELECT 1 FROM event_store e
          WHERE (e.tx_id, e.position) > ($1::text::xid8, $2::bigint)
          ORDER BY e.tx_id, e.position LIMIT $3) AS waiting`,
      [seal?.tx_id ?? '0', seal?.position ?? '0', count],
    )) as Array<{ events: number }>;
    return (rows[0]?.events ?? 0) >= count;
  }

  /** The newest seal's end, read on its own: given as parameters, it bounds an index scan. */
  private async newestSealEnd(): Promise<{ tx_id: string; position: string } | undefined> {
    const [seal] = (await this.run(
      `SELECT to_tx_id::text AS tx_id, to_position::text AS position FROM event_seals
        ORDER BY to_tx_id DESC, to_position DESC LIMIT 1`,
      [],
    )) as Array<{ tx_id: string; position: string }>;
    return seal;
  }

  async latestSeal(): Promise<LedgerSeal | null> {
    return (await this.latestSeals(null, 1))[0] ?? null;
  }

  async latestSeals(before: CommitCursor | null, limit: number): Promise<LedgerSeal[]> {
    const rows = (await this.run(
      `SELECT ${SEAL_COLUMNS} FROM event_seals
        ${before ? 'WHERE (to_tx_id, to_position) < ($2::text::xid8, $3::bigint)' : ''}
        ORDER BY event_seals.to_tx_id DESC, event_seals.to_position DESC
        LIMIT $1`,
      before ? [limit, before.txId, before.position] : [limit],
    )) as SealRow[];
    return rows.map(sealOf);
  }

  async firstSeal(): Promise<LedgerSeal | null> {
    const rows = (await this.run(
      `SELECT ${SEAL_COLUMNS} FROM event_seals ORDER BY event_seals.to_tx_id, event_seals.to_position LIMIT 1`,
      [],
    )) as SealRow[];
    return rows[0] ? sealOf(rows[0]) : null;
  }

  async allSeals(): Promise<SealSpan | null> {
    const [first, last] = [await this.firstSeal(), await this.latestSeal()];
    return first && last ? { first, last } : null;
  }

  /**
   * A seal covers a position window when its events' commit-order range meets the window's,
   * or, for events that are no longer there to be found, when its recorded bounds do.
   */
  async sealsOverlapping(fromPosition: string, toPosition: string): Promise<SealSpan | null> {
    const edge = async (direction: 'ASC' | 'DESC') =>
      (
        (await this.run(
          `SELECT tx_id::text AS tx_id, position::text AS position FROM event_store
            WHERE position BETWEEN $1::bigint AND $2::bigint
            ORDER BY event_store.tx_id ${direction}, event_store.position ${direction} LIMIT 1`,
          [fromPosition, toPosition],
        )) as Array<{ tx_id: string; position: string }>
      )[0];
    const low = await edge('ASC');
    const high = await edge('DESC');
    const params: unknown[] = [fromPosition, toPosition];
    let condition = `(LEAST(from_position, to_position) <= $2::bigint AND GREATEST(from_position, to_position) >= $1::bigint)`;
    if (low && high) {
      params.push(low.tx_id, low.position, high.tx_id, high.position);
      condition += ` OR ((to_tx_id, to_position) >= ($3::text::xid8, $4::bigint)
                      AND (from_tx_id, from_position) <= ($5::text::xid8, $6::bigint))`;
    }
    const pick = async (direction: 'ASC' | 'DESC') => {
      const rows = (await this.run(
        `SELECT ${SEAL_COLUMNS} FROM event_seals WHERE ${condition}
          ORDER BY event_seals.to_tx_id ${direction}, event_seals.to_position ${direction} LIMIT 1`,
        params,
      )) as SealRow[];
      return rows[0] ? sealOf(rows[0]) : null;
    };
    const first = await pick('ASC');
    const last = await pick('DESC');
    return first && last ? { first, last } : null;
  }

  async sealBefore(seal: LedgerSeal): Promise<LedgerSeal | null> {
    return (await this.latestSeals(seal.to, 1))[0] ?? null;
  }

  async sealsBetween(
    after: CommitCursor | null,
    upTo: CommitCursor,
    limit: number,
  ): Promise<LedgerSeal[]> {
    const rows = (await this.run(
      `SELECT ${SEAL_COLUMNS} FROM event_seals
        WHERE (to_tx_id, to_position) > ($1::text::xid8, $2::bigint)
          AND (to_tx_id, to_position) <= ($3::text::xid8, $4::bigint)
        ORDER BY event_seals.to_tx_id, event_seals.to_position
        LIMIT $5`,
      [after?.txId ?? '0', after?.position ?? '0', upTo.txId, upTo.position, limit],
    )) as SealRow[];
    return rows.map(sealOf);
  }

  async addSeal(seal: LedgerSeal): Promise<void> {
    await this.run(
      `INSERT INTO event_seals (id, from_tx_id, from_position, to_tx_id, to_position, event_count, digest,
         prev_seal_digest, signature, key_id, created_at)
       VALUES ($1, $2::text::xid8, $3, $4::text::xid8, $5, $6, $7, $8, $9, $10, $11)`,
      [
        seal.id,
        seal.from.txId,
        seal.from.position,
        seal.to.txId,
        seal.to.position,
        seal.eventCount,
        seal.digest,
        seal.prevSealDigest,
        seal.signature,
        seal.keyId,
        seal.createdAt,
      ],
    );
  }

  async exportEvents(
    after: CommitCursor,
    scope: ExportScope,
    limit: number,
  ): Promise<ExportedLedgerEvent[]> {
    const params: unknown[] = [after.txId, after.position, limit];
    let condition = '';
    if (scope.kind === 'window') {
      params.push(scope.fromPosition, scope.toPosition);
      condition = `AND (position BETWEEN $4::bigint AND $5::bigint`;
      if (scope.sealed) {
        params.push(
          scope.sealed.after.txId,
          scope.sealed.after.position,
          scope.sealed.to.txId,
          scope.sealed.to.position,
        );
        condition += ` OR ((tx_id, position) > ($6::text::xid8, $7::bigint) AND (tx_id, position) <= ($8::text::xid8, $9::bigint))`;
      }
      condition += ')';
    }
    const rows = (await this.run(
      `SELECT ${EVENT_COLUMNS}, recorded_at FROM event_store
        WHERE (tx_id, position) > ($1::text::xid8, $2::bigint) ${condition}
        ORDER BY event_store.tx_id, event_store.position
        LIMIT $3`,
      params,
    )) as Array<EventRow & { recorded_at: Date }>;
    return rows.map((row) => ({ ...fromRow(row), recordedAt: new Date(row.recorded_at) }));
  }
}
