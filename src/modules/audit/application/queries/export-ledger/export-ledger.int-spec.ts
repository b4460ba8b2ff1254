import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { KeyStore } from '@opsledger/auth';
import { StoredEvent } from '@opsledger/event-store';
import {
  AuditTestContext,
  createAuditTestContext,
  TestEvent,
} from '../../../../../../test/audit/audit-test-context';
import { ndjson } from '../../../api/ndjson';
import { SealLedgerCommand } from '../../commands/seal-ledger/seal-ledger.command';
import { ExportLedgerQuery } from './export-ledger.query';
import { LedgerExportRecord } from './ledger-export.read-model';

const SCRIPT = resolve(__dirname, '../../../../../../scripts/verify-audit-export.mjs');

function runScript(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [SCRIPT, ...args], (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

describe('ledger export and offline verification (PostgreSQL)', () => {
  let t: AuditTestContext;
  let dir: string;
  let jwks: string;
  const streams = [randomUUID(), randomUUID(), randomUUID()];
  const events: StoredEvent[] = [];

  async function exportTo(
    name: string,
    from: string | null = null,
    to: string | null = null,
  ): Promise<string> {
    const records = await t.queries.execute(new ExportLedgerQuery(from, to));
    let text = '';
    for await (const chunk of ndjson(records)) text += chunk;
    const file = join(dir, name);
    await writeFile(file, text);
    return file;
  }

  async function lines(file: string): Promise<LedgerExportRecord[]> {
    return (await readFile(file, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LedgerExportRecord);
  }

  async function rewrite(
    file: string,
    name: string,
    edit: (records: LedgerExportRecord[]) => LedgerExportRecord[],
  ): Promise<string> {
    const out = join(dir, name);
    await writeFile(
      out,
      edit(await lines(file))
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n',
    );
    return out;
  }

  const touch = async (id: string, round: number) =>
    events.push(
      ...(await t.append(
        'order',
        id,
        [
          new TestEvent('test.order.changed.v1', id, {
            round,
            lines: [{ sku: 'A-1', qty: round + 1.5 }],
            note: 'ünïcødé ✓',
          }),
        ],
        {
          tenantId: '7d3c3f0e-5b7e-4c1a-9a7e-2f4b1c9d8e01',
        },
      )),
    );

  beforeAll(async () => {
    t = await createAuditTestContext();
    dir = await mkdtemp(join(tmpdir(), 'opsledger-export-'));
    jwks = join(dir, 'jwks.json');
    await writeFile(jwks, JSON.stringify(t.keys.jwks()));
    for (const id of streams) await touch(id, 0);
    await t.settle();
    await t.commands.execute(new SealLedgerCommand(true));
    for (const id of streams) await touch(id, 1);
    await t.settle();
    await t.commands.execute(new SealLedgerCommand(true));
    for (const id of streams) await touch(id, 2);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await t.close();
  });

  it('exports every event in commit order, then the seals, and the script verifies it', async () => {
    const file = await exportTo('full.ndjson');
    const records = await lines(file);
    expect(records[0]).toMatchObject({
      kind: 'header',
      format: 'opsledger-ledger-export',
      complete: true,
    });
    const exported = records.filter((r) => r.kind === 'event');
    expect(exported.map((e) => e.position)).toEqual(events.map((e) => e.position));
    expect(exported[0]).toMatchObject({
      txId: events[0].txId,
      hash: events[0].hash,
      prevHash: null,
      recordedAt: expect.any(String),
    });
    expect(records.filter((r) => r.kind === 'seal')).toHaveLength(2);
    expect(records[records.length - 1]).toEqual({ kind: 'end', events: 9, seals: 2 });

    const result = await runScript(file, jwks);
    expect(result.stdout).toContain('OK: 9 events and 2 seals verified');
    expect(result.code).toBe(0);
  });

  it('exports a window widened to whole seals, anchored on the seal before', async () => {
    const file = await exportTo('window.ndjson', events[4].position, events[4].position);
    const records = await lines(file);
    const seals = records.filter((r) => r.kind === 'seal');
    expect(seals.map((s) => s.anchor)).toEqual([true, false]);
    expect(records.filter((r) => r.kind === 'event').map((e) => e.position)).toEqual(
      events.slice(3, 6).map((e) => e.position),
    );
    const result = await runScript(file, jwks);
    expect(result.stdout).toContain(
      'OK: 3 events and 2 seals verified (window export; 3 stream(s) start before the window',
    );
    expect(result.code).toBe(0);

    const unsealed = await exportTo('tail.ndjson', events[7].position, null);
    expect((await runScript(unsealed, jwks)).code).toBe(0);
  });

  it('fails on an edited event, naming its position', async () => {
    const target = events[4];
    const file = await rewrite(await exportTo('full2.ndjson'), 'edited.ndjson', (records) =>
      records.map((r) =>
        r.kind === 'event' && r.position === target.position
          ? { ...r, payload: { ...r.payload, round: 99 } }
          : r,
      ),
    );
    const result = await runScript(file, jwks);
    expect(result.stdout.trim()).toBe(
      `BROKEN at position ${target.position}: hash mismatch: event content changed`,
    );
    expect(result.code).toBe(1);
  });

  it('fails when a whole stream is cut out of the file, by the seal digest', async () => {
    const victim = streams[1];
    const file = await rewrite(await exportTo('full3.ndjson'), 'cut.ndjson', (records) => {
      const kept = records.filter((r) => !(r.kind === 'event' && r.streamId === victim));
      return kept.map((r) =>
        r.kind === 'end' ? { ...r, events: kept.filter((k) => k.kind === 'event').length } : r,
      );
    });
    const result = await runScript(file, jwks);
    expect(result.stdout).toMatch(
      /^BROKEN at position \d+: seal digest mismatch: events removed or reordered/,
    );
    expect(result.code).toBe(1);
  });

  it('fails on a cut-short file, a foreign key set, and a ledger tampered before export', async () => {
    const full = await exportTo('full4.ndjson');
    const truncated = await rewrite(full, 'truncated.ndjson', (records) => records.slice(0, -1));
    expect(await runScript(truncated, jwks)).toMatchObject({
      code: 1,
      stdout: expect.stringContaining('INVALID export: truncated'),
    });

    const other = new KeyStore();
    await other.load({ generateIfMissing: true });
    const otherJwks = join(dir, 'other-jwks.json');
    await writeFile(otherJwks, JSON.stringify(other.jwks()));
    expect(await runScript(full, otherJwks)).toMatchObject({
      code: 1,
      stdout: expect.stringContaining('seal signature invalid'),
    });

    expect((await runScript(full)).code).toBe(2);

    const target = events[7];
    await t.tamper(
      'event_store',
      `UPDATE event_store SET metadata = jsonb_set(metadata, '{ip}', '"10.6.6.6"') WHERE position = $1`,
      [target.position],
    );
    const tampered = await exportTo('tampered.ndjson');
    expect(await runScript(tampered, jwks)).toMatchObject({
      code: 1,
      stdout: `BROKEN at position ${target.position}: hash mismatch: event content changed\n`,
    });
  });

  it('releases its snapshot when the reader stops early', async () => {
    const records = await t.queries.execute(new ExportLedgerQuery(null, null));
    const iterator = records[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.return?.();
    const open = await t.superuser<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
    );
    expect(open[0].n).toBe(0);
  });
});
