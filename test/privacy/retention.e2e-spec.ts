import { superuserClient } from '@opsledger/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { RetentionRules } from '../../src/modules/privacy/application/retention-rules';
import { RetentionJob } from '../../src/modules/privacy/application/retention.job';
import { createTestApp, TestApp } from '../support/test-app';

const DAY = 86_400_000;
const plus = (at: Date, ms: number) => new Date(at.getTime() + ms);

/**
 * Retention rules (issue 12) driven by a clock the test sets: nothing goes a day early, what is
 * due goes once across concurrent passes, every pass is in the report and the ledger, and the
 * ledger still verifies.
 */
describe('retention (e2e)', () => {
  let t: TestApp;
  let su: Client;
  let admin: string;
  let job: RetentionJob;
  const rule = (name: string) => {
    const found = t.app
      .get(RetentionRules)
      .all()
      .find((r) => r.name === name);
    if (!found) throw new Error(`no rule ${name}`);
    return found;
  };
  const count = async (sql: string, params: unknown[] = []) =>
    (await su.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params)).rows[0].n;

  beforeAll(async () => {
    t = await createTestApp();
    su = await superuserClient(t.db.url);
    admin = await t.loginAsAdmin();
    job = t.app.get(RetentionJob);
  });
  afterAll(async () => {
    await su.end();
    await t.close();
  });

  it('lists every rule of every context in the report, with its configured period', async () => {
    const res = await t.call('GET', '/api/v1/retention/report', admin);
    expect(res.statusCode).toBe(200);
    const rules = (res.json() as { rules: Array<{ rule: string; policy: string }> }).rules;
    expect(rules.map((r) => r.rule)).toEqual(
      expect.arrayContaining([
        'audit.trail-entries',
        'identity.action-tokens',
        'identity.sessions',
        'oauth.authorization-codes',
        'oauth.sessions',
        'oauth.token-families',
        'platform.finished-jobs',
        'platform.idempotency-records',
      ]),
    );
    expect(rules.find((r) => r.rule === 'identity.sessions')!.policy).toContain('30 days');
    expect(rules.find((r) => r.rule === 'audit.trail-entries')!.policy).toContain('24 months');
  });

  it('deletes a session and its refresh tokens 30 days after it expired, not a day earlier', async () => {
    const user = await t.createUser(admin);
    await t.login(user.email, user.password);
    const [session] = (
      await su.query<{ id: string; expires_at: Date }>(
        `SELECT s.id, s.expires_at FROM user_sessions s WHERE s.user_id = $1`,
        [user.id],
      )
    ).rows;
    expect(await count(`refresh_tokens WHERE session_id = $1`, [session.id])).toBe(1);
    const sessions = rule('identity.sessions');

    const early = await job.apply(sessions, plus(session.expires_at, 29 * DAY));
    expect(await count(`user_sessions WHERE id = $1`, [session.id])).toBe(1);
    expect(early.skipped).toBe(false);

    const due = await job.apply(sessions, plus(session.expires_at, 31 * DAY));
    expect(due.removed).toBeGreaterThanOrEqual(1);
    expect(await count(`user_sessions WHERE id = $1`, [session.id])).toBe(0);
    expect(await count(`refresh_tokens WHERE session_id = $1`, [session.id])).toBe(0);
    // the account itself stays
    expect(await count(`users WHERE id = $1`, [user.id])).toBe(1);
  });

  it('counts a revoked session from its revocation', async () => {
    const user = await t.createUser(admin);
    await t.login(user.email, user.password);
    const now = new Date();
    await su.query(`UPDATE user_sessions SET revoked_at = $2 WHERE user_id = $1`, [
      user.id,
      plus(now, -40 * DAY),
    ]);
    await job.apply(rule('identity.sessions'), now);
    expect(await count(`user_sessions WHERE user_id = $1`, [user.id])).toBe(0);
  });

  it('deletes one-time action tokens 30 days after use or expiry', async () => {
    const user = await t.createUser(admin);
    const now = new Date();
    const used = randomUUID();
    const pending = randomUUID();
    for (const [id, expires, usedAt] of [
      [used, plus(now, DAY), plus(now, -31 * DAY)],
      [pending, plus(now, DAY), null],
    ] as const) {
      await su.query(
        `INSERT INTO user_action_tokens (id, user_id, purpose, token_hash, expires_at, used_at)
         VALUES ($1, $2, 'password_reset', $3, $4, $5)`,
        [id, user.id, id.replace(/-/g, '').padEnd(64, '0'), expires, usedAt],
      );
    }
    const tokens = rule('identity.action-tokens');
    expect((await job.apply(tokens, now)).removed).toBe(1);
    expect(await count(`user_action_tokens WHERE id = $1`, [pending])).toBe(1);
    expect((await job.apply(tokens, plus(now, 32 * DAY))).removed).toBe(1);
    expect(await count(`user_action_tokens WHERE id = ANY($1)`, [[used, pending]])).toBe(0);
  });

  it('removes expired OAuth codes, ended token families with their tokens, and ended OIDC sessions', async () => {
    const user = await t.createUser(admin);
    const clientId = randomUUID();
    await su.query(
      `INSERT INTO oauth_clients (id, client_id, client_secret, name, redirect_uris)
       VALUES ($1, $2, 'x', 'retention test', '["https://app.test/cb"]')`,
      [clientId, `retention-${clientId}`],
    );
    const now = new Date();
    const sessionOld = randomUUID();
    const sessionLive = randomUUID();
    for (const [id, expires] of [
      [sessionOld, plus(now, -31 * DAY)],
      [sessionLive, plus(now, DAY)],
    ] as const) {
      await su.query(
        `INSERT INTO oauth_sessions (id, user_id, auth_time, expires_at) VALUES ($1, $2, now(), $3)`,
        [id, user.id, expires],
      );
    }
    const codeOld = randomUUID();
    const codeFresh = randomUUID();
    for (const [id, expires] of [
      [codeOld, plus(now, -2 * DAY)],
      [codeFresh, plus(now, -60 * 60 * 1000)],
    ] as const) {
      await su.query(
        `INSERT INTO oauth_authorization_codes (id, code, client_id, user_id, expires_at) VALUES ($1, $2, $3, $4, $5)`,
        [id, `code-${id}`, clientId, user.id, expires],
      );
    }
    const familyOld = randomUUID();
    const familyLive = randomUUID();
    for (const [id, expires, revoked] of [
      [familyOld, plus(now, 10 * DAY), plus(now, -31 * DAY)],
      [familyLive, plus(now, 10 * DAY), null],
    ] as const) {
      await su.query(
        `INSERT INTO oauth_token_families (id, client_id, user_id, grant_type, scopes, audience, expires_at, revoked_at)
         VALUES ($1, $2, $3, 'authorization_code', '["openid"]', '["opsledger-api"]', $4, $5)`,
        [id, clientId, user.id, expires, revoked],
      );
      await su.query(
        `INSERT INTO oauth_refresh_tokens (id, family_id, client_id, user_id, token_hash, scopes, expires_at)
         VALUES ($1, $2, $3, $4, $5, '["openid"]', $6)`,
        [
          randomUUID(),
          id,
          clientId,
          user.id,
          randomUUID().replace(/-/g, '').padEnd(64, '0'),
          expires,
        ],
      );
    }

    const results = await job.runAll(now);
    const removed = (name: string) => results.find((r) => r.rule === name)!.removed;
    expect(removed('oauth.authorization-codes')).toBe(1);
    expect(removed('oauth.token-families')).toBe(1);
    expect(removed('oauth.sessions')).toBe(1);
    expect(await count(`oauth_authorization_codes WHERE id = $1`, [codeFresh])).toBe(1);
    expect(await count(`oauth_authorization_codes WHERE id = $1`, [codeOld])).toBe(0);
    expect(await count(`oauth_token_families WHERE id = $1`, [familyLive])).toBe(1);
    expect(await count(`oauth_refresh_tokens WHERE family_id = $1`, [familyOld])).toBe(0);
    expect(await count(`oauth_refresh_tokens WHERE family_id = $1`, [familyLive])).toBe(1);
    expect(await count(`oauth_sessions WHERE id = ANY($1)`, [[sessionOld, sessionLive]])).toBe(1);
  });

  it('replays an idempotent response for a day, then lets it go', async () => {
    const key = `retention-${randomUUID()}`;
    const res = await t.call(
      'POST',
      '/api/v1/users',
      admin,
      {
        email: `idem-${Date.now()}@test.opsledger`,
        password: 'a-long-enough-password',
        role: 'user',
        fullName: 'Idem',
      },
      { 'idempotency-key': key },
    );
    expect(res.statusCode).toBe(201);
    const records = rule('platform.idempotency-records');
    await job.apply(records, plus(new Date(), 23 * 60 * 60 * 1000));
    expect(await count(`idempotency_keys WHERE key = $1`, [key])).toBe(1);
    await job.apply(records, plus(new Date(), 25 * 60 * 60 * 1000));
    expect(await count(`idempotency_keys WHERE key = $1`, [key])).toBe(0);
  });

  it('applies a rule once across concurrent passes: every due row goes once, counted once', async () => {
    const now = new Date();
    await su.query(
      `INSERT INTO jobs (type, status, completed_at, updated_at)
       SELECT 'retention-test', 'succeeded', $1, $1 FROM generate_series(1, 2500)`,
      [plus(now, -40 * DAY)],
    );
    await su.query(`INSERT INTO jobs (type, status) VALUES ('retention-test', 'queued')`);
    const jobsRule = rule('platform.finished-jobs');
    const before = await su.query<{ removed: string }>(
      `SELECT coalesce(sum(removed), 0)::bigint AS removed FROM retention_runs WHERE rule = 'platform.finished-jobs'`,
    );
    const passes = await Promise.all([
      job.apply(jobsRule, now),
      job.apply(jobsRule, now),
      job.apply(jobsRule, now),
    ]);
    // a pass that found the rule busy left it; run once more to finish what it skipped
    const last = await job.apply(jobsRule, now);
    const total = [...passes, last].reduce((sum, p) => sum + p.removed, 0);
    expect(total).toBe(2500);
    expect(await count(`jobs WHERE type = 'retention-test'`)).toBe(1);
    const after = await su.query<{ removed: string }>(
      `SELECT coalesce(sum(removed), 0)::bigint AS removed FROM retention_runs WHERE rule = 'platform.finished-jobs'`,
    );
    expect(Number(after.rows[0].removed) - Number(before.rows[0].removed)).toBe(2500);
  });

  it('keeps audit trail entries 24 months, then leaves them to the ledger alone', async () => {
    await t.createUser(admin, { fullName: 'Old Entry' });
    await t.project();
    const trail = rule('audit.trail-entries');
    const entries = () => count(`audit_trail`);
    const present = await entries();
    expect(present).toBeGreaterThan(0);
    const now = new Date();
    expect((await job.apply(trail, plus(now, 23 * 30 * DAY))).removed).toBe(0);
    expect(await entries()).toBe(present);
    const gone = await job.apply(trail, plus(now, 25 * 31 * DAY));
    expect(gone.removed).toBeGreaterThanOrEqual(present);
    expect(await count(`audit_trail WHERE occurred_at < $1`, [now])).toBe(0);
    // the ledger keeps every event, and still verifies
    expect(await count(`event_store`)).toBeGreaterThan(present);
    const verify = await t.call('GET', '/api/v1/audit/verify', admin);
    expect(verify.statusCode).toBe(200);
    expect(verify.json().intact).toBe(true);
  });

  it('reports what ran and what is due, records each run in the ledger, and refuses the report to others', async () => {
    const report = (await t.call('GET', '/api/v1/retention/report', admin)).json() as {
      rules: Array<{
        rule: string;
        due: number;
        totals: { runs: number; removed: number };
        recentRuns: unknown[];
      }>;
    };
    const jobs = report.rules.find((r) => r.rule === 'platform.finished-jobs')!;
    expect(jobs.totals.removed).toBeGreaterThanOrEqual(2500);
    expect(jobs.recentRuns.length).toBeGreaterThan(0);
    expect(jobs.due).toBe(0);
    const events = await count(
      `event_store WHERE event_type = 'privacy.retention-run.rule-applied.v1'`,
    );
    const runs = await count(`retention_runs`);
    expect(events).toBe(runs);
    expect(runs).toBeGreaterThanOrEqual(5);

    const user = await t.createUser(admin);
    const { accessToken } = await t.login(user.email, user.password);
    expect((await t.call('GET', '/api/v1/retention/report', accessToken)).statusCode).toBe(403);
    expect((await t.call('POST', '/api/v1/retention/sweeps', accessToken)).statusCode).toBe(403);
    expect((await t.call('GET', '/api/v1/retention/report', null)).statusCode).toBe(401);

    const sweep = await t.call('POST', '/api/v1/retention/sweeps', admin);
    expect(sweep.statusCode).toBe(200);
    expect((sweep.json() as Array<{ rule: string }>).map((r) => r.rule)).toContain(
      'identity.sessions',
    );
  });
});
