import { DomainEvent } from '@opsledger/ddd';
import { eventHash, EventStore, LedgerWitnessRecorder, StoredEvent } from '@opsledger/event-store';
import { Db, RequestContext, SYSTEM_ACTOR } from '@opsledger/persistence';
import { superuserClient } from '@opsledger/testing';
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestApp, TestApp, SCRAPER } from '../support/test-app';

/*
 * Someone who holds the database, and none of the service's keys, tampers as a superuser.
 * Each case must be reported by GET /audit/verify at its exact position, and by the offline
 * verifier on an export taken afterwards.
 */

const SCRIPT = resolve(__dirname, '../../scripts/verify-audit-export.mjs');

const REASON = {
  mac: 'mac mismatch: event not written by the ledger (edited, forged, moved or reordered)',
  eventMissing: 'event missing: the witness recorded it, the database does not hold it',
  sealMissing: 'seal missing: the witness recorded it, the database does not hold it',
};

class Happened extends DomainEvent<Record<string, unknown>> {
  readonly type = 'test.tamper.happened.v1';
}

interface Finding {
  position: string;
  reason: string;
  sealId: string | null;
}

describe('tampering by someone who holds only the database (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let dir: string;
  let jwks: string;
  const versions = new Map<string, number>();

  /** One append (one witnessed head) of `count` events to a stream. */
  const append = async (streamId: string, count = 1): Promise<StoredEvent[]> => {
    const db = t.app.get(Db);
    const version = versions.get(streamId) ?? 0;
    const stored = await t.app.get(RequestContext).run(SYSTEM_ACTOR, () =>
      db.transaction(() =>
        t.app.get(EventStore).append({
          streamType: 'ledger-test',
          streamId,
          expectedVersion: version,
          events: Array.from(
            { length: count },
            (_, i) => new Happened(streamId, { n: version + i + 1, note: 'original' }),
          ),
        }),
      ),
    );
    versions.set(streamId, version + count);
    return stored;
  };

  const seal = async () => {
    await t.project();
    const res = await t.call('POST', '/api/v1/audit/seals', admin);
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; fromPosition: string; toPosition: string };
  };

  const tamper = async (sql: string, params: unknown[] = []) => {
    const su = await superuserClient(t.db.url);
    try {
      await su.query('BEGIN');
      await su.query('ALTER TABLE event_store DISABLE TRIGGER USER');
      await su.query('ALTER TABLE event_seals DISABLE TRIGGER USER');
      await su.query(sql, params);
      await su.query('ALTER TABLE event_store ENABLE TRIGGER USER');
      await su.query('ALTER TABLE event_seals ENABLE TRIGGER USER');
      await su.query('COMMIT');
    } finally {
      await su.end();
    }
  };

  const verify = async () => {
    const res = await t.call('GET', '/api/v1/audit/verify', admin);
    expect(res.statusCode).toBe(200);
    return res.json() as { intact: boolean; findings: Finding[]; firstBrokenPosition: string };
  };

  /** Exports through the API and runs the offline verifier on the file. */
  const offline = async (): Promise<{ code: number; lines: string[] }> => {
    const exported = await t.call('GET', '/api/v1/audit/export', admin);
    expect(exported.statusCode).toBe(200);
    const file = join(dir, `${randomUUID()}.ndjson`);
    await writeFile(file, exported.body);
    return new Promise((done) =>
      execFile(process.execPath, [SCRIPT, file, jwks], (error, stdout) =>
        done({
          code: error ? Number(error.code ?? 1) : 0,
          lines: stdout.trim().split('\n'),
        }),
      ),
    );
  };

  const expectReported = async (expected: Array<{ position: string; reason: string }>) => {
    const online = await verify();
    expect(online.intact).toBe(false);
    for (const f of expected) expect(online.findings).toContainEqual(expect.objectContaining(f));
    const result = await offline();
    expect(result.code).toBe(1);
    for (const f of expected)
      expect(result.lines).toContain(`BROKEN at position ${f.position}: ${f.reason}`);
    return online;
  };

  /**
   * The ledger every case starts from: streams a, b, c sealed; then a tail after the seal
   * (two more appends to a, and stream d in two appends), every head witnessed.
   */
  let a: StoredEvent[];
  let d: StoredEvent[];
  let firstSeal: { id: string; fromPosition: string };
  const ids = { a: '', b: '', c: '', d: '' };

  beforeEach(async () => {
    t = await createTestApp();
    admin = await t.loginAsAdmin();
    dir = await mkdtemp(join(tmpdir(), 'opsledger-tamper-'));
    jwks = join(dir, 'jwks.json');
    await writeFile(jwks, (await t.inject({ method: 'GET', url: '/.well-known/jwks.json' })).body);
    versions.clear();
    for (const k of ['a', 'b', 'c', 'd'] as const) ids[k] = randomUUID();
    a = await append(ids.a, 3);
    await append(ids.b, 2);
    await append(ids.c, 2);
    firstSeal = await seal();
    a.push(...(await append(ids.a)), ...(await append(ids.a)));
    d = [...(await append(ids.d)), ...(await append(ids.d))];
    await t.app.get(LedgerWitnessRecorder).flush();
    expect(await verify()).toMatchObject({ intact: true, findings: [] });
  });

  afterEach(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('(a) an event rewritten with its SHA-256 and its stream chain recomputed', async () => {
    // rewrite a's second event and re-chain every later event of the stream
    const rewritten = a.map((e) => ({ ...e }));
    rewritten[1].payload = { n: 2, note: 'forged' };
    for (let i = 1; i < rewritten.length; i += 1) {
      rewritten[i].prevHash = rewritten[i - 1].hash;
      rewritten[i].hash = eventHash(rewritten[i]);
    }
    for (const e of rewritten.slice(1))
      await tamper(
        `UPDATE event_store SET payload = $2::jsonb, prev_hash = $3, hash = $4 WHERE position = $1`,
        [e.position, JSON.stringify(e.payload), e.prevHash, e.hash],
      );
    const online = await expectReported(
      rewritten.slice(1).map((e) => ({ position: e.position, reason: REASON.mac })),
    );
    // the seal over it breaks too, and does not hide the event
    expect(online.findings).toContainEqual(
      expect.objectContaining({ sealId: firstSeal.id, reason: expect.stringMatching(/^seal/) }),
    );
  });

  it('(b) every seal deleted', async () => {
    await tamper(`DELETE FROM event_seals`);
    await expectReported([{ position: firstSeal.fromPosition, reason: REASON.sealMissing }]);
  });

  it('(c) the newest seal deleted with the events only it covered', async () => {
    const newest = await seal(); // covers the tail: a's last two events and stream d
    await tamper(`DELETE FROM event_seals WHERE id = $1`, [newest.id]);
    await tamper(`DELETE FROM event_store WHERE stream_id = $1 OR position = ANY($2::bigint[])`, [
      ids.d,
      [a[4].position],
    ]);
    await expectReported([
      { position: newest.fromPosition, reason: REASON.sealMissing },
      { position: a[4].position, reason: REASON.eventMissing },
      { position: d[0].position, reason: REASON.eventMissing },
      { position: d[1].position, reason: REASON.eventMissing },
    ]);
  });

  it('(d) the last event of a stream after the last seal deleted; the seal job refuses to sign', async () => {
    await tamper(`DELETE FROM event_store WHERE position = $1`, [a[4].position]);
    await expectReported([{ position: a[4].position, reason: REASON.eventMissing }]);

    await t.project();
    const refused = await t.call('POST', '/api/v1/audit/seals', admin);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'AUDIT.LEDGER_BROKEN' });
    expect(refused.json().detail).toContain(`position ${a[4].position}`);
    const seals = await t.call('GET', '/api/v1/audit/seals', admin);
    expect(seals.json().items.map((s: { id: string }) => s.id)).toEqual([firstSeal.id]);
    const metrics = (await t.inject({ method: 'GET', url: '/metrics', headers: SCRAPER })).body;
    expect(metrics).toMatch(/^opsledger_seal_refused 1$/m);
    expect(metrics).toMatch(/^opsledger_seal_refusals_total [1-9]\d*$/m);
    await t.project();
    const trail = await t.call(
      'GET',
      '/api/v1/audit/events?resourceType=ledger-seal&action=seal-refused',
      admin,
    );
    expect(trail.json().items).toHaveLength(1);
  });

  it('(e) a whole stream deleted', async () => {
    await tamper(`DELETE FROM event_store WHERE stream_id = $1`, [ids.d]);
    await expectReported(d.map((e) => ({ position: e.position, reason: REASON.eventMissing })));
  });

  it('(f) events reordered (their commit order swapped)', async () => {
    const [x, y] = [a[3], d[0]];
    await tamper(
      `UPDATE event_store SET tx_id = CASE position WHEN $1 THEN $4::xid8 ELSE $3::xid8 END
        WHERE position IN ($1, $2)`,
      [x.position, y.position, x.txId, y.txId],
    );
    await expectReported([
      { position: x.position, reason: REASON.mac },
      { position: y.position, reason: REASON.mac },
    ]);
  });

  it('(g) a forged event inserted with a correct hash', async () => {
    const last = a[a.length - 1];
    const forged = {
      ...last,
      eventId: randomUUID(),
      streamVersion: last.streamVersion + 1,
      payload: { n: last.streamVersion + 1, note: 'forged' },
      prevHash: last.hash,
    };
    const hash = eventHash(forged);
    const su = await superuserClient(t.db.url);
    let position: string;
    try {
      await su.query('BEGIN');
      await su.query('ALTER TABLE event_store DISABLE TRIGGER USER');
      const { rows } = await su.query<{ position: string }>(
        `INSERT INTO event_store (event_id, stream_type, stream_id, stream_version, event_type, schema_version,
           payload, metadata, tenant_id, occurred_at, prev_hash, hash, mac, mac_key_id)
         SELECT $1, $2, $3, $4, $5, 1, $6::jsonb, $7::jsonb, NULL, $12, $8, $9, $10, mac_key_id
           FROM event_store WHERE position = $11
         RETURNING position::text`,
        [
          forged.eventId,
          forged.streamType,
          forged.streamId,
          forged.streamVersion,
          forged.eventType,
          JSON.stringify(forged.payload),
          JSON.stringify(forged.metadata),
          forged.prevHash,
          hash,
          randomBytes(32).toString('hex'),
          last.position,
          forged.occurredAt,
        ],
      );
      position = rows[0].position;
      await su.query('ALTER TABLE event_store ENABLE TRIGGER USER');
      await su.query('COMMIT');
    } finally {
      await su.end();
    }
    await expectReported([{ position, reason: REASON.mac }]);
  });
});
