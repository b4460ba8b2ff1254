import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson } from '@opsledger/event-store';
import { superuserClient } from '@opsledger/testing';
import {
  AuditTestContext,
  createAuditTestContext,
  TestEvent,
} from '../../../../../../test/audit/audit-test-context';
import { SealScheduler } from '../../../infrastructure/scheduling/seal.scheduler';
import { LedgerReader } from '../../queries/ledger.reader';
import { SealLedgerCommand } from './seal-ledger.command';

describe('sealing the ledger (PostgreSQL)', () => {
  let t: AuditTestContext;

  const touch = (streamId: string, n = 1) =>
    t.append(
      'thing',
      streamId,
      Array.from({ length: n }, (_, i) => new TestEvent('test.thing.touched.v1', streamId, { i })),
    );

  /**
   * Seals what the ledger holds now. The sealer is conservative: a transaction (of any test
   * database on the shared server) that was in progress in the seal's snapshot and has ended
   * since still holds its horizon back for that call, so under a busy server one call can find
   * nothing sealable yet; it is tried again after the horizon settles (at most 20 times).
   */
  const sealNew = async () => {
    for (let attempt = 1; ; attempt++) {
      const result = await t.commands.execute(new SealLedgerCommand(true));
      if (result.created || attempt === 20) return result;
      await t.settle();
    }
  };

  beforeAll(async () => {
    t = await createAuditTestContext();
  });
  afterAll(() => t.close());

  it('has nothing to seal in an empty ledger', async () => {
    expect(await t.commands.execute(new SealLedgerCommand(true))).toEqual({
      created: false,
      seal: null,
      busy: false,
      more: false,
      refused: null,
    });
  });

  it('seals every committed event in commit order, signed, chained to the previous seal', async () => {
    const a = randomUUID();
    const b = randomUUID();
    const first = [...(await touch(a, 2)), ...(await touch(b, 1))];
    await t.settle();
    const one = await sealNew();
    expect(one.created).toBe(true);
    const seal1 = one.seal!;
    expect(seal1).toMatchObject({
      eventCount: 3,
      from: { txId: first[0].txId, position: first[0].position },
      to: { txId: first[2].txId, position: first[2].position },
      prevSealDigest: null,
    });
    const expected = createHash('sha256')
      .update(canonicalJson({ events: first.map((e) => [e.position, e.hash]), prev: null }))
      .digest('hex');
    expect(seal1.digest).toBe(expected);
    expect(await t.keys.verifyDetached(seal1.signature, seal1.digest)).toBe(true);
    expect(seal1.keyId).toBe(t.keys.active.kid);

    const again = await t.commands.execute(new SealLedgerCommand(true));
    expect(again).toMatchObject({ created: false, busy: false });
    expect(again.seal?.id).toBe(seal1.id);

    const more = await touch(a, 1);
    await t.settle();
    const two = await sealNew();
    expect(two.seal).toMatchObject({
      eventCount: 1,
      prevSealDigest: seal1.digest,
      from: { position: more[0].position },
      to: { position: more[0].position },
    });
    const rows = await t.superuser<{ n: number }>(`SELECT count(*)::int AS n FROM event_seals`);
    expect(rows[0].n).toBe(2);
  });

  it('never seals past a ledger writer still in flight', async () => {
    const su = await superuserClient(t.db.url);
    try {
      await su.query('BEGIN');
      await su.query('SELECT ledger_writer_begin()');
      await su.query('SELECT pg_current_xact_id()');
      const late = await touch(randomUUID(), 1);
      const held = await t.commands.execute(new SealLedgerCommand(true));
      expect(held.created).toBe(false);
      await su.query('COMMIT');
      await t.settle();
      const sealed = await sealNew();
      expect(sealed.created).toBe(true);
      expect(sealed.seal?.to.position).toBe(late[0].position);
    } finally {
      await su.end();
    }
  });

  it('lets one instance seal at a time: the scheduler skips while another holds the lock', async () => {
    await touch(randomUUID(), 1);
    const holder = await superuserClient(t.db.url);
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT pg_advisory_xact_lock(hashtext('opsledger:ledger-seal'))`);
      expect(await t.commands.execute(new SealLedgerCommand(false))).toEqual({
        created: false,
        seal: null,
        busy: true,
        more: false,
        refused: null,
      });
      expect(await t.app.get(SealScheduler).sealPending()).toBe(0);
      await holder.query('COMMIT');
      await t.settle();
      expect(await t.app.get(SealScheduler).sealPending()).toBe(1);
    } finally {
      await holder.end();
    }
  });

  it('tells whether a number of events wait for a seal, counting the newest seal as the start', async () => {
    await t.settle();
    await sealNew();
    const ledger = t.app.get(LedgerReader);
    expect(await ledger.unsealedAtLeast(1)).toBe(false);
    await touch(randomUUID(), 3);
    expect(await ledger.unsealedAtLeast(3)).toBe(true);
    expect(await ledger.unsealedAtLeast(4)).toBe(false);
    await t.settle();
    expect((await sealNew()).created).toBe(true);
    expect(await ledger.unsealedAtLeast(1)).toBe(false);
  });
});
