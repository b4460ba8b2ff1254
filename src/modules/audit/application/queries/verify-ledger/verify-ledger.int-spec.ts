import { eventHash, LedgerWitnessRecorder, StoredEvent } from '@opsledger/event-store';
import { randomUUID } from 'node:crypto';
import {
  AuditTestContext,
  createAuditTestContext,
  TestEvent,
} from '../../../../../../test/audit/audit-test-context';
import { SealLedgerCommand } from '../../commands/seal-ledger/seal-ledger.command';
import { VerifyLedgerQuery } from './verify-ledger.query';

describe('verifying the ledger (PostgreSQL)', () => {
  let t: AuditTestContext;
  const streams = [randomUUID(), randomUUID(), randomUUID()];
  const events: StoredEvent[] = [];

  const verify = (from: string | null = null, to: string | null = null) =>
    t.queries.execute(new VerifyLedgerQuery(from, to));
  /**
   * Seals every event appended so far. A seal reads below its own snapshot's horizon, which a
   * transaction of another test's database on this server, finishing between the snapshot and
   * the horizon's look at pg_stat_activity, can hold back after settle() saw it pass: then the
   * seal finds nothing new and writes none, and the test seals again (CI saw one such miss).
   */
  const seal = async () => {
    for (let attempt = 1; ; attempt += 1) {
      await t.settle();
      const outcome = await t.commands.execute(new SealLedgerCommand(true));
      const [{ sealed }] = await t.superuser<{ sealed: boolean }>(
        `SELECT (SELECT count(*) FROM event_store) =
                (SELECT coalesce(sum(event_count), 0) FROM event_seals) AS sealed`,
      );
      if (sealed || attempt === 50) return outcome.seal!;
    }
  };

  beforeAll(async () => {
    t = await createAuditTestContext();
    for (let round = 0; round < 3; round += 1) {
      for (const id of streams) {
        events.push(
          ...(await t.append('order', id, [
            new TestEvent('test.order.changed.v1', id, { round, note: `r${round}` }),
          ])),
        );
      }
    }
  });
  afterAll(() => t.close());

  it('reports an intact ledger, before and after sealing', async () => {
    expect(await verify()).toEqual({
      intact: true,
      mode: 'incremental',
      checkedEvents: 9,
      eventsWalked: 9,
      checkedSeals: 0,
      previouslyVerifiedSeals: 0,
      fromPosition: '1',
      toPosition: events[8].position,
      firstBrokenPosition: null,
      reason: null,
      brokenSealId: null,
      findings: [],
      witness: { location: expect.stringMatching(/^file:/), seals: 0, heads: expect.any(Number) },
    });
    await seal();
    await t.append('order', streams[0], [
      new TestEvent('test.order.changed.v1', streams[0], { round: 3 }),
    ]);
    await seal();
    expect(await verify()).toMatchObject({ intact: true, checkedEvents: 10, checkedSeals: 2 });
    expect(await verify(events[3].position, events[5].position)).toMatchObject({
      intact: true,
      checkedEvents: 3,
      checkedSeals: 1,
    });
  });

  it('finds an edited event at exactly its position', async () => {
    const target = events[4];
    await t.tamper(
      'event_store',
      `UPDATE event_store SET payload = jsonb_set(payload, '{note}', '"forged"') WHERE position = $1`,
      [target.position],
    );
    try {
      expect(await verify()).toMatchObject({
        intact: false,
        firstBrokenPosition: target.position,
        reason: 'hash mismatch: event content changed',
        brokenSealId: null,
      });
      // The seal covers hashes, which did not change: a window after the edit stays intact.
      expect(await verify(events[5].position, null)).toMatchObject({ intact: true });
    } finally {
      await t.tamper(
        'event_store',
        `UPDATE event_store SET payload = $2::jsonb WHERE position = $1`,
        [target.position, JSON.stringify(target.payload)],
      );
    }
    expect(await verify()).toMatchObject({ intact: true });
  });

  it('finds a changed chain link (prev_hash is covered by the event hash)', async () => {
    const target = events[1];
    const successor = events[4];
    expect(successor.prevHash).toBe(target.hash);
    await t.tamper('event_store', `UPDATE event_store SET prev_hash = $2 WHERE position = $1`, [
      successor.position,
      'f'.repeat(64),
    ]);
    try {
      expect(await verify(successor.position, successor.position)).toMatchObject({
        intact: false,
        reason: 'hash mismatch: event content changed',
      });
    } finally {
      await t.tamper('event_store', `UPDATE event_store SET prev_hash = $2 WHERE position = $1`, [
        successor.position,
        target.hash,
      ]);
    }
    expect(await verify()).toMatchObject({ intact: true });
  });

  it('finds an event rewritten with a fresh hash by its MAC, and its successor’s broken link', async () => {
    const id = randomUUID();
    const [rewritten, successor] = await t.append('order', id, [
      new TestEvent('test.order.changed.v1', id, { amount: 10 }),
      new TestEvent('test.order.changed.v1', id, { amount: 20 }),
    ]);
    const forged = { ...rewritten, payload: { amount: 1 } };
    await t.tamper(
      'event_store',
      `UPDATE event_store SET payload = $2::jsonb, hash = $3 WHERE position = $1`,
      [rewritten.position, JSON.stringify(forged.payload), eventHash(forged)],
    );
    try {
      const result = await verify();
      expect(result).toMatchObject({
        intact: false,
        firstBrokenPosition: rewritten.position,
        reason:
          'mac mismatch: event not written by the ledger (edited, forged, moved or reordered)',
      });
      expect(result.findings).toContainEqual({
        position: successor.position,
        reason: 'chain broken: prev_hash does not match predecessor',
        sealId: null,
      });
    } finally {
      await t.tamper(
        'event_store',
        `UPDATE event_store SET payload = $2::jsonb, hash = $3 WHERE position = $1`,
        [rewritten.position, JSON.stringify(rewritten.payload), rewritten.hash],
      );
    }
    expect(await verify()).toMatchObject({ intact: true });
  });

  it('finds a removed event inside a stream as a version gap', async () => {
    const [removed, after] = await t.append('order', streams[2], [
      new TestEvent('test.order.changed.v1', streams[2], { round: 3 }),
      new TestEvent('test.order.changed.v1', streams[2], { round: 4 }),
    ]);
    const [row] = await t.superuser<Record<string, unknown>>(
      `SELECT * FROM event_store WHERE position = $1`,
      [removed.position],
    );
    await t.tamper('event_store', `DELETE FROM event_store WHERE position = $1`, [
      removed.position,
    ]);
    try {
      expect(await verify()).toMatchObject({
        intact: false,
        firstBrokenPosition: after.position,
        reason: 'stream version gap',
      });
    } finally {
      const columns = Object.keys(row).filter((c) => c !== 'position');
      await t.tamper(
        'event_store',
        `INSERT INTO event_store (position, ${columns.join(', ')}) OVERRIDING SYSTEM VALUE
         VALUES ($1, ${columns.map((_, i) => `$${i + 2}`).join(', ')})`,
        [
          row.position,
          ...columns.map((c) =>
            c === 'payload' || c === 'metadata' ? JSON.stringify(row[c]) : row[c],
          ),
        ],
      );
    }
    expect(await verify()).toMatchObject({ intact: true, checkedEvents: 14 });
  });

  it('finds a forged seal signature', async () => {
    const [first] = await t.superuser<{ id: string; signature: string }>(
      `SELECT id, signature FROM event_seals ORDER BY to_tx_id LIMIT 1`,
    );
    const parts = first.signature.split('.');
    const forged = `${parts[0]}.${parts[1]}.${Buffer.alloc(64, 1).toString('base64url')}`;
    await t.tamper('event_seals', `UPDATE event_seals SET signature = $2 WHERE id = $1`, [
      first.id,
      forged,
    ]);
    try {
      expect(await verify()).toMatchObject({
        intact: false,
        reason: 'seal signature invalid',
        brokenSealId: first.id,
      });
    } finally {
      await t.tamper('event_seals', `UPDATE event_seals SET signature = $2 WHERE id = $1`, [
        first.id,
        first.signature,
      ]);
    }
  });

  it('detects a whole stream deleted after a seal, which no hash chain can', async () => {
    const [firstSeal] = await t.superuser<{ id: string; from_position: string }>(
      `SELECT id, from_position::text FROM event_seals ORDER BY to_tx_id, to_position LIMIT 1`,
    );
    await t.app.get(LedgerWitnessRecorder).flush();
    await t.tamper('event_store', `DELETE FROM event_store WHERE stream_id = $1`, [streams[1]]);
    const result = await verify();
    // each deleted event the witness saw committed, at its exact position
    for (const e of events.filter((x) => x.streamId === streams[1]))
      expect(result.findings).toContainEqual({
        position: e.position,
        reason: 'event missing: the witness recorded it, the database does not hold it',
        sealId: null,
      });
    expect(result).toMatchObject({
      intact: false,
      reason: 'seal digest mismatch: events removed or reordered',
      firstBrokenPosition: firstSeal.from_position,
      brokenSealId: firstSeal.id,
      checkedEvents: 11,
    });
  });
});
