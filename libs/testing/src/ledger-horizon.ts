import { superuserClient } from './test-database';

/**
 * Waits until every event now in the ledger is below the ledger's read horizon (the oldest
 * ledger writer in flight), which is as far as the projector and the sealer read.
 */
export async function waitForLedgerHorizon(url: string, timeoutMs = 15_000): Promise<void> {
  const client = await superuserClient(url);
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await client.query<{ settled: boolean }>(
        `SELECT NOT EXISTS (SELECT 1 FROM event_store
            WHERE tx_id >= (SELECT ledger_read_horizon(pg_current_snapshot()))) AS settled`,
      );
      if (rows[0]?.settled) return;
      if (Date.now() > deadline)
        throw new Error('the ledger horizon did not pass the latest events in time');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await client.end();
  }
}

/** A place in the ledger's commit order: transaction id, then position. */
export interface CommitPoint {
  txId: string;
  position: string;
}

/** The ledger's last event in commit order, or null when it holds none. */
export async function latestLedgerEvent(url: string): Promise<CommitPoint | null> {
  const client = await superuserClient(url);
  try {
    const { rows } = await client.query<CommitPoint>(
      `SELECT tx_id::text AS "txId", position::text AS position FROM event_store
        ORDER BY tx_id DESC, position DESC LIMIT 1`,
    );
    return rows[0] ?? null;
  } finally {
    await client.end();
  }
}

/**
 * The projections among `names` whose checkpoint is not yet at `point` in commit order (one
 * without a checkpoint row has processed nothing).
 */
export async function projectionsBefore(
  url: string,
  names: readonly string[],
  point: CommitPoint,
): Promise<string[]> {
  if (names.length === 0) return [];
  const client = await superuserClient(url);
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT n.name FROM unnest($1::text[]) AS n(name)
         LEFT JOIN projection_checkpoints c ON c.name = n.name
        WHERE c.name IS NULL OR (c.tx_id, c.position) < ($2::text::xid8, $3::bigint)`,
      [names, point.txId, point.position],
    );
    return rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}
