import { ProjectionRunner } from '@opsledger/event-store';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { superuserClient } from '@opsledger/testing';
import { ProgressStreams } from '../../src/modules/onboarding/application/progress-stream';
import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';
import { fillWizard, submitSteps, WizardItems } from './onboarding-wizard-fixture';

type Res = { statusCode: number; headers: Record<string, unknown>; json(): any };

const redisUrl = process.env.TEST_REDIS_URL;

/** Reads a text/event-stream body until `done` holds for what arrived, or fails after `ms`. */
async function readUntil(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  seen: { text: string },
  done: (text: string) => boolean,
  ms = 10_000,
): Promise<string> {
  const decoder = new TextDecoder();
  const deadline = Date.now() + ms;
  while (!done(seen.text)) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`stream did not deliver in time; got:\n${seen.text}`);
    const chunk = await Promise.race([
      reader.read(),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`stream timeout; got:\n${seen.text}`)), left),
      ),
    ]);
    if (chunk.done) throw new Error(`stream ended; got:\n${seen.text}`);
    seen.text += decoder.decode(chunk.value, { stream: true });
  }
  return seen.text;
}

const progressEvents = (text: string) =>
  text
    .split('\n\n')
    .filter((block) => block.startsWith('event: progress'))
    .map((block) =>
      JSON.parse(
        block
          .split('\n')
          .find((l) => l.startsWith('data: '))!
          .slice(6),
      ),
    );

/**
 * A contractor's audit log, achievements (a projection of the ledger, rebuilt to the same rows
 * with unlocked_at kept) and its progress pushed over SSE on a real HTTP server
 * (issue 13). Who may look: the contractor's own user and the tenant's reviewers; anyone else,
 * here or in another tenant, finds no contractor.
 */
describe(`onboarding: contractor audit log, achievements, progress stream (${redisUrl ? 'Redis' : 'in-process'}) (e2e)`, () => {
  let t: TestApp;
  let a: Record<'reviewer' | 'dana' | 'eli' | 'viewer', TenantMember>;
  let b: Record<'reviewer', TenantMember>;
  let dana: string;
  let items: WizardItems;
  let baseUrl: string;
  let keyDir: string;
  let keyFiles: Record<string, string>;

  const expectProblem = (res: Res, status: number) => {
    expect({ status: res.statusCode, body: res.json() }).toMatchObject({ status });
  };
  const sql = async (text: string, params: unknown[] = []) => {
    const c = await superuserClient(t.db.url);
    try {
      return (await c.query(text, params)).rows;
    } finally {
      await c.end();
    }
  };
  const auditLog = (token: string, query = '') =>
    t.call('GET', `/api/v1/contractors/${dana}/audit-log${query}`, token);

  beforeAll(async () => {
    // key files shared with the second instance of the Redis case, so tokens hold on both
    keyDir = await mkdtemp(join(tmpdir(), 'opsledger-activity-'));
    keyFiles = {
      SIGNING_KEYS_FILE: join(keyDir, 'signing-keys.json'),
      DATA_KEYS_FILE: join(keyDir, 'data-keys.json'),
    };
    t = await createTestApp({
      ONBOARDING_STREAM_HEARTBEAT_SECONDS: '1',
      ...keyFiles,
      ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    });
    const admin = await t.loginAsAdmin();
    const ta = await createTenantWithMembers(t, admin, {
      reviewer: 'reviewer',
      dana: 'member',
      eli: 'member',
      viewer: 'viewer',
    });
    a = ta.members;
    b = (await createTenantWithMembers(t, admin, { reviewer: 'reviewer' })).members;
    dana = (await t.call('POST', '/api/v1/contractors', a.dana.token)).json().id;
    await t.call('POST', '/api/v1/contractors', a.eli.token);
    items = await fillWizard(t, a.dana.token, dana);
    await t.app.listen(0, '127.0.0.1');
    baseUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await t.close();
    await rm(keyDir, { recursive: true, force: true });
  });

  it('the audit log shows each change of every resource with actor and old/new values', async () => {
    await t.call('DELETE', `/api/v1/licenses/${items.license}`, a.dana.token);
    await t.project();
    const res = await auditLog(a.reviewer.token, '?limit=100');
    expect(res.statusCode).toBe(200);
    const entries: any[] = res.json().items;
    const types = entries.map((e) => e.details.event_type);
    expect(types).toEqual(
      expect.arrayContaining([
        'onboarding.contractor.registered.v1',
        'onboarding.progress.started.v1',
        'onboarding.business-profile.saved.v1',
        'onboarding.license.added.v1',
        'onboarding.license.removed.v1',
        'onboarding.insurance-policy.added.v1',
        'onboarding.bank-account.added.v1',
      ]),
    );
    // newest first, every entry of this contractor, none of the other one's
    expect(entries.map((e) => e.id)).toEqual([...entries.map((e) => e.id)].sort((x, y) => y - x));
    expect(new Set(entries.map((e) => e.contractor_id))).toEqual(new Set([dana]));
    const license = entries.find((e) => e.details.event_type === 'onboarding.license.added.v1');
    expect(license).toMatchObject({
      actor_type: 'user',
      actor_id: a.dana.id,
      action: expect.any(String),
      details: {
        resource_type: 'onboarding-license',
        resource_id: items.license,
        new_values: expect.objectContaining({ licenseNumber: 'TACLA1234', state: 'TX' }),
        result: 'success',
      },
    });
    expect(license.details.ip_address).toEqual(expect.any(String));
    // nothing of the tax id but its last four digits
    expect(JSON.stringify(entries)).not.toContain('123-45-6789');
  });

  it('pages with a cursor; a bad cursor or limit is a 400', async () => {
    const first = (await auditLog(a.reviewer.token, '?limit=2')).json();
    expect(first.items).toHaveLength(2);
    const second = (
      await auditLog(a.reviewer.token, `?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`)
    ).json();
    expect(second.items[0].id).toBeLessThan(first.items[1].id);
    expectProblem(await auditLog(a.reviewer.token, '?cursor=nope'), 400);
    expectProblem(await auditLog(a.reviewer.token, '?limit=0'), 400);
  });

  it('old and new values of a status change; the contractor sees reviewers acted, not from where', async () => {
    await submitSteps(t, a.dana.token, dana, ['business_profile']);
    // the license was removed: add another so every step completes
    await t.call('POST', `/api/v1/contractors/${dana}/licenses`, a.dana.token, {
      state: 'TX',
      licenseNumber: 'TACLA5678',
      expirationDate: '2030-06-30',
    });
    await submitSteps(t, a.dana.token, dana, [
      'licenses',
      'insurance',
      'bank_account',
      'documents',
      'review',
    ]);
    const approved = await t.call('POST', `/api/v1/contractors/${dana}/approve`, a.reviewer.token);
    expect(approved.statusCode).toBe(200);
    await t.project();
    const mine = (await auditLog(a.dana.token, '?limit=100')).json().items as any[];
    const approval = mine.find((e) => e.details.event_type === 'onboarding.contractor.approved.v1');
    expect(approval).toMatchObject({
      actor_id: a.reviewer.id,
      details: {
        old_values: { status: 'in_review' },
        new_values: expect.objectContaining({ status: 'verified' }),
        ip_address: null,
        user_agent: null,
      },
    });
    const own = mine.find((e) => e.details.event_type === 'onboarding.contractor.submitted.v1');
    expect(own.details.old_values).toEqual(expect.objectContaining({ status: 'pending' }));
    expect(own.details.ip_address).toEqual(expect.any(String));
  });

  it('only the contractor itself and reviewers of its tenant see the audit log and achievements', async () => {
    for (const path of ['audit-log', 'achievements']) {
      const url = `/api/v1/contractors/${dana}/${path}`;
      expect((await t.call('GET', url, a.dana.token)).statusCode).toBe(200);
      expect((await t.call('GET', url, a.reviewer.token)).statusCode).toBe(200);
      expectProblem(await t.call('GET', url, a.eli.token), 404);
      expectProblem(await t.call('GET', url, a.viewer.token), 404);
      expectProblem(await t.call('GET', url, b.reviewer.token), 404);
      expectProblem(await t.call('GET', url, null), 401);
      expectProblem(await t.call('GET', `/api/v1/contractors/nope/${path}`, a.reviewer.token), 400);
    }
  });

  it('achievements come from the ledger; a rebuild gives the same rows and keeps unlocked_at', async () => {
    await t.project();
    const res = await t.call('GET', `/api/v1/contractors/${dana}/achievements`, a.dana.token);
    expect(res.statusCode).toBe(200);
    const byKey = Object.fromEntries(res.json().items.map((i: any) => [i.key, i]));
    expect(Object.keys(byKey).sort()).toEqual([
      'fast-track',
      'first-referral',
      'first-time-right',
      'fully-insured',
      'fully-verified',
      'onboarding-complete',
      'profile-complete',
      'referrer',
    ]);
    expect(byKey['onboarding-complete']).toMatchObject({ unlocked: true, progress: 1 });
    expect(byKey['profile-complete']).toMatchObject({ unlocked: true, progress: 1 });
    expect(byKey['fast-track']).toMatchObject({ unlocked: true });
    expect(byKey['first-time-right']).toMatchObject({ unlocked: true });
    expect(byKey['fully-insured']).toMatchObject({ unlocked: false, progress: 0, maxProgress: 4 });
    expect(byKey.referrer).toMatchObject({ unlocked: false, progress: 0, unlockedAt: null });
    const [approvedAt] = await sql(
      `SELECT occurred_at FROM event_store WHERE stream_id = $1 AND event_type = 'onboarding.contractor.approved.v1'`,
      [dana],
    );
    expect(byKey['onboarding-complete'].unlockedAt).toBe(approvedAt.occurred_at.toISOString());

    const rows = () =>
      Promise.all([
        sql(
          `SELECT contractor_id, achievement_id, tenant_id, progress, max_progress, unlocked_at
             FROM contractor_achievement ORDER BY contractor_id, achievement_id`,
        ),
        sql(`SELECT * FROM contractor_stream ORDER BY stream_type, stream_id`),
      ]);
    const before = await rows();
    expect(before[1].length).toBeGreaterThanOrEqual(7);
    await t.app.get(ProjectionRunner).rebuild('onboarding_contractor_activity');
    expect(await rows()).toEqual(before);

    // set once: even a time the ledger would not give again is kept by a rebuild
    await sql(
      `UPDATE contractor_achievement ca SET unlocked_at = '2026-01-02T03:04:05Z'
         FROM achievement a WHERE a.id = ca.achievement_id AND a.key = 'onboarding-complete' AND ca.contractor_id = $1`,
      [dana],
    );
    await t.app.get(ProjectionRunner).rebuild('onboarding_contractor_activity');
    const again = await t.call('GET', `/api/v1/contractors/${dana}/achievements`, a.dana.token);
    const done = again.json().items.find((i: any) => i.key === 'onboarding-complete');
    expect(done).toMatchObject({ unlocked: true, unlockedAt: '2026-01-02T03:04:05.000Z' });
  });

  it('streams the progress over SSE: now, after each change, heartbeats; cleans up on leave', async () => {
    const streams = t.app.get(ProgressStreams);
    const before = streams.size;
    const controller = new AbortController();
    const res = await fetch(`${baseUrl}/api/v1/contractors/${dana}/progress/stream`, {
      headers: { authorization: `Bearer ${a.dana.token}`, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const reader = res.body!.getReader();
    const seen = { text: '' };
    await readUntil(reader, seen, (s) => progressEvents(s).length >= 1);
    const [initial] = progressEvents(seen.text);
    expect(initial).toMatchObject({ contractorId: dana, completedSteps: [1, 2, 3, 4, 5, 6] });
    expect(streams.size).toBe(before + 1);

    // a change: without a license the licenses step fails and its errors are stored
    const licenses = await sql(`SELECT id FROM license WHERE contractor_id = $1`, [dana]);
    const removed = await t.call('DELETE', `/api/v1/licenses/${licenses[0].id}`, a.dana.token);
    expect(removed.statusCode).toBe(204);
    const failed = await t.call(
      'POST',
      `/api/v1/contractors/${dana}/progress/steps`,
      a.dana.token,
      {
        step: 'licenses',
      },
    );
    expect(failed.statusCode).toBe(422);
    await readUntil(reader, seen, (s) =>
      progressEvents(s).some((p) => p.version > initial.version),
    );
    const pushed = progressEvents(seen.text).at(-1);
    const current = (
      await t.call('GET', `/api/v1/contractors/${dana}/progress`, a.dana.token)
    ).json();
    expect(pushed).toEqual(current);
    expect(Object.keys(pushed.validationErrors)).toContain('licenses');

    await readUntil(reader, seen, (s) => s.includes(': heartbeat\n\n'), 5_000);

    controller.abort();
    await reader.cancel().catch(() => undefined);
    const deadline = Date.now() + 5_000;
    while (streams.size > before && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(streams.size).toBe(before);
  });

  it('a reviewer may watch; anyone else gets a 404 (or 401) and no stream', async () => {
    const open = (token: string | null, id = dana) =>
      fetch(`${baseUrl}/api/v1/contractors/${id}/progress/stream`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
    const reviewer = await open(a.reviewer.token);
    expect(reviewer.status).toBe(200);
    const reader = reviewer.body!.getReader();
    await readUntil(reader, { text: '' }, (s) => progressEvents(s).length >= 1);
    await reader.cancel();
    for (const token of [a.eli.token, a.viewer.token, b.reviewer.token]) {
      const res = await open(token);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      await res.text();
    }
    const anonymous = await open(null);
    expect(anonymous.status).toBe(401);
    await anonymous.text();
    const bad = await open(a.reviewer.token, 'nope');
    expect(bad.status).toBe(400);
    await bad.text();
  });

  if (redisUrl) {
    it('a change made on another instance reaches the stream through Redis', async () => {
      const other = await createTestApp({ REDIS_URL: redisUrl, ...keyFiles }, { database: t.db });
      try {
        const res = await fetch(`${baseUrl}/api/v1/contractors/${dana}/progress/stream`, {
          headers: { authorization: `Bearer ${a.dana.token}` },
        });
        const reader = res.body!.getReader();
        const seen = { text: '' };
        await readUntil(reader, seen, (s) => progressEvents(s).length >= 1);
        const added = await other.call(
          'POST',
          `/api/v1/contractors/${dana}/licenses`,
          a.dana.token,
          { state: 'TX', licenseNumber: 'TACLA9999', expirationDate: '2030-06-30' },
        );
        expect(added.statusCode).toBe(201);
        const failed = await other.call(
          'POST',
          `/api/v1/contractors/${dana}/progress/steps`,
          a.dana.token,
          { step: 'licenses' },
        );
        expect(failed.statusCode).toBe(200);
        // pushed by this instance after the other one's commits (the license, then the step)
        await readUntil(reader, seen, (s) =>
          progressEvents(s).some((p) => p.completedSteps.includes(2)),
        );
        await reader.cancel();
      } finally {
        await other.close();
      }
    });
  }
});
