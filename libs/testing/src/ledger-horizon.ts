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
