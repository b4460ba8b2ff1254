import { eventHash, LedgerMac, StoredEvent } from '@opsledger/event-store';
import { randomUUID } from 'node:crypto';
import {
  AuditTestContext,
  createAuditTestContext,
  TestEvent,
} from '../../../../../../test/audit/audit-test-context';
import { IntegrityBreak } from '../../../domain/ledger-integrity';
import {
  SEAL_VERIFICATION_PURPOSE,
  sealVerificationFields,
} from '../../../domain/seal-verification';
import { SealLedgerCommand } from '../../commands/seal-ledger/seal-ledger.command';
import { VerifyLedgerQuery } from './verify-ledger.query';

/*
 * The default verification walks only what no earlier verification walked; a superuser who
 * changes an event inside a seal verified before is still caught, by the full walk for sure
 * and by the incremental one whenever the change went through SQL (see decisions.md).
 */
describe('incremental verification of the ledger (PostgreSQL)', () => {
  let t: AuditTestContext;
  const sealed: StoredEvent[] = [];
  const tail: StoredEvent[] = [];
  let sealId: string;

  const verify = (full = false) => t.queries.execute(new VerifyLedgerQuery(null, null, full));

  /** The seal's range as the database stores it now: the fingerprint of its rows' versions. */
  const storedFingerprint = async () => {
    const [row] = await t.superuser<{ fp: string }>(
      `SELECT encode(sha256(convert_to(string_agg(e.xmin::text, ',' ORDER BY e.tx_id, e.position), 'UTF8')), 'hex') AS fp
         FROM event_store e, event_seals s
        WHERE s.id = $1 AND (e.tx_id, e.position) <= (s.to_tx_id, s.to_position)`,
      [sealId],
    );
    return row.fp;
  };

  beforeAll(async () => {
    t = await createAuditTestContext();
    for (let round = 0; round < 3; round += 1)
      for (const id of [randomUUID(), randomUUID()])
        sealed.push(
          ...(await t.append('order', id, [
            new TestEvent('test.order.changed.v1', id, { round, note: `r${round}` }),
          ])),
        );
    await t.settle();
    const outcome = await t.commands.execute(new SealLedgerCommand(true));
    sealId = outcome.seal!.id;
    const id = randomUUID();
    tail.push(
      ...(await t.append('order', id, [
        new TestEvent('test.order.changed.v1', id, { round: 0 }),
        new TestEvent('test.order.changed.v1', id, { round: 1 }),
      ])),
    );
  });

  afterAll(() => t.close());

  it('walks a seal once; later runs walk only the events after it, re-checking the seal', async () => {
    expect(await verify()).toMatchObject({
      intact: true,
      mode: 'incremental',
      checkedEvents: 8,
      eventsWalked: 8,
      checkedSeals: 1,
      previouslyVerifiedSeals: 0,
    });
    // the digest recomputed in SQL from the stored hashes is the seal's: the seal is accepted
    expect(await verify()).toMatchObject({
      intact: true,
      mode: 'incremental',
      checkedEvents: 8,
      eventsWalked: 2,
      checkedSeals: 1,
      previouslyVerifiedSeals: 1,
    });
    expect(await verify(true)).toMatchObject({
      intact: true,
      mode: 'full',
      checkedEvents: 8,
      eventsWalked: 8,
      previouslyVerifiedSeals: 0,
    });
    const [record] = await t.superuser<{ seal_id: string; event_count: number }>(
      `SELECT seal_id::text AS seal_id, event_count FROM ledger_verifications`,
    );
    expect(record).toEqual({ seal_id: sealId, event_count: 6 });
  });

  it('keeps its records through VACUUM FULL and FREEZE, which move rows but keep their versions', async () => {
    await t.superuser(`VACUUM (FULL, FREEZE) event_store`);
    expect(await verify()).toMatchObject({ intact: true, eventsWalked: 2 });
  });

  it('catches an event edited inside a verified seal with its hash kept, in both modes', async () => {
    const target = sealed[3];
    await t.tamper(
      'event_store',
      `UPDATE event_store SET payload = jsonb_set(payload, '{note}', '"forged"') WHERE position = $1`,
      [target.position],
    );
    try {
      const expected = {
        intact: false,
        firstBrokenPosition: target.position,
        reason: IntegrityBreak.hashMismatch,
      };
      // the row was rewritten: its version no longer matches the record, so the seal is walked
      expect(await verify()).toMatchObject({ ...expected, mode: 'incremental', eventsWalked: 8 });
      expect(await verify(true)).toMatchObject({ ...expected, mode: 'full' });
    } finally {
      await t.tamper(
        'event_store',
        `UPDATE event_store SET payload = $2::jsonb WHERE position = $1`,
        [target.position, JSON.stringify(target.payload)],
      );
    }
    // intact again, walked again (the rows changed), recorded again
    expect(await verify()).toMatchObject({ intact: true, eventsWalked: 8 });
    expect(await verify()).toMatchObject({ intact: true, eventsWalked: 2 });
  });

  it('catches a hash replaced inside a verified seal at the event and at the seal', async () => {
    const target = sealed[1];
    const forged = { ...target, payload: { round: 0, note: 'forged' } };
    await t.tamper(
      'event_store',
      `UPDATE event_store SET payload = $2::jsonb, hash = $3 WHERE position = $1`,
      [target.position, JSON.stringify(forged.payload), eventHash(forged)],
    );
    try {
      const result = await verify();
      expect(result).toMatchObject({ intact: false, mode: 'incremental' });
      expect(result.findings).toEqual(
        expect.arrayContaining([
          { position: target.position, reason: IntegrityBreak.macMismatch, sealId: null },
          {
            position: sealed[0].position,
            reason: IntegrityBreak.sealDigestMismatch,
            sealId,
          },
        ]),
      );
    } finally {
      await t.tamper(
        'event_store',
        `UPDATE event_store SET payload = $2::jsonb, hash = $3 WHERE position = $1`,
        [target.position, JSON.stringify(target.payload), target.hash],
      );
    }
    expect(await verify()).toMatchObject({ intact: true });
  });

  it('reports a verification record forged without the key; a deleted one only means a new walk', async () => {
    expect(await verify()).toMatchObject({ intact: true, eventsWalked: 2 });
    await t.superuser(`UPDATE ledger_verifications SET rows_fingerprint = $1`, ['0'.repeat(64)]);
    expect(await verify()).toMatchObject({
      intact: false,
      reason: IntegrityBreak.verificationRecordInvalid,
      brokenSealId: sealId,
      eventsWalked: 8,
    });
    await t.superuser(`DELETE FROM ledger_verifications`);
    expect(await verify()).toMatchObject({ intact: true, eventsWalked: 8 });
    expect(await verify()).toMatchObject({ intact: true, eventsWalked: 2 });
  });

  it('leaves to the full walk a change that kept the row version, which then forgets every record', async () => {
    // What a change written into the data files behind PostgreSQL's back looks like to the
    // incremental run: the hash and the record still match. Simulated here by re-signing the
    // record for the edited rows with the key, which an attacker does not hold.
    const target = sealed[4];
    await t.tamper(
      'event_store',
      `UPDATE event_store SET payload = jsonb_set(payload, '{note}', '"forged"') WHERE position = $1`,
      [target.position],
    );
    try {
      const [record] = await t.superuser<{ event_count: number; seal_digest: string }>(
        `SELECT event_count, seal_digest FROM ledger_verifications WHERE seal_id = $1`,
        [sealId],
      );
      const unsigned = {
        sealId,
        sealDigest: record.seal_digest,
        eventCount: record.event_count,
        rowsFingerprint: await storedFingerprint(),
        verifiedAt: new Date(),
      };
      const { mac, keyId } = t.app
        .get(LedgerMac)
        .signRecord(SEAL_VERIFICATION_PURPOSE, sealVerificationFields(unsigned));
      await t.superuser(
        `UPDATE ledger_verifications SET rows_fingerprint = $2, verified_at = $3, mac = $4, mac_key_id = $5
          WHERE seal_id = $1`,
        [sealId, unsigned.rowsFingerprint, unsigned.verifiedAt, mac, keyId],
      );
      expect(await verify()).toMatchObject({ intact: true, eventsWalked: 2 });
      expect(await verify(true)).toMatchObject({
        intact: false,
        firstBrokenPosition: target.position,
        reason: IntegrityBreak.hashMismatch,
      });
      // the full walk's finding made every record forgotten: the incremental run walks it too
      expect(await t.superuser(`SELECT * FROM ledger_verifications`)).toEqual([]);
      expect(await verify()).toMatchObject({
        intact: false,
        firstBrokenPosition: target.position,
        eventsWalked: 8,
      });
    } finally {
      await t.tamper(
        'event_store',
        `UPDATE event_store SET payload = $2::jsonb WHERE position = $1`,
        [target.position, JSON.stringify(target.payload)],
      );
    }
    expect(await verify()).toMatchObject({ intact: true, eventsWalked: 8 });
  });
});
