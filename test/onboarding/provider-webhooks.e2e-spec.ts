import { signWebhook } from '@opsledger/crypto';
import { superuserClient } from '@opsledger/testing';
import { randomUUID } from 'node:crypto';
import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';
import { insertBankAccount, insertContractor, insertPolicy } from './onboarding-docs-fixture';

type Res = { statusCode: number; headers: Record<string, unknown>; body: string; json(): any };

const SECRETS = {
  trustlayer: 'whsec-trustlayer-0123456789',
  veriforce: 'whsec-veriforce-0123456789',
  plaid: 'whsec-plaid-0123456789abcdef',
};

describe('onboarding: provider webhooks, signatures, replay (e2e)', () => {
  let t: TestApp;
  let a: Record<'owner' | 'dana', TenantMember>;
  let b: Record<'owner', TenantMember>;
  let tenantA: string;
  let dana: string;
  let trustPolicy: string;
  let veriPolicy: string;
  let account: string;
  let plaidAccountId: string;

  const expectProblem = (res: Res, status: number, code?: string) => {
    expect(res.statusCode).toBe(status);
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    if (code) expect(res.json().code).toBe(code);
  };
  const send = (
    provider: string,
    body: unknown,
    opts: { id?: string; secret?: string; at?: Date; headers?: Record<string, string> } = {},
  ) => {
    const raw = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const signed = signWebhook(
      opts.secret ?? SECRETS[provider as keyof typeof SECRETS] ?? 'x',
      opts.id ?? `evt_${randomUUID()}`,
      raw,
      opts.at,
    );
    return t.inject({
      method: 'POST',
      url: `/api/v1/webhooks/onboarding/${provider}`,
      headers: { 'content-type': 'application/json', ...signed, ...opts.headers },
      payload: raw,
    });
  };
  const state = async () => {
    const c = await superuserClient(t.db.url);
    const r = await c.query(
      `SELECT
        (SELECT count(*)::int FROM documents WHERE collection = 'verification_payloads') AS payloads,
        (SELECT count(*)::int FROM event_store WHERE stream_type IN ('onboarding-insurance-policy', 'onboarding-bank-account')) AS events,
        (SELECT verification_status FROM insurance_policy WHERE id = $1) AS trust,
        (SELECT verification_status FROM insurance_policy WHERE id = $2) AS veri,
        (SELECT verification_status FROM bank_account WHERE id = $3) AS bank`,
      [trustPolicy, veriPolicy, account],
    );
    await c.end();
    return r.rows[0] as {
      payloads: number;
      events: number;
      trust: string;
      veri: string;
      bank: string;
    };
  };

  beforeAll(async () => {
    t = await createTestApp({
      WEBHOOK_SECRET_TRUSTLAYER: `${SECRETS.trustlayer},whsec-trustlayer-retiring-0001`,
      WEBHOOK_SECRET_VERIFORCE: SECRETS.veriforce,
      WEBHOOK_SECRET_PLAID: SECRETS.plaid,
    });
    const admin = await t.loginAsAdmin();
    const ta = await createTenantWithMembers(t, admin, { owner: 'owner', dana: 'member' });
    a = ta.members;
    tenantA = ta.tenantId;
    b = (await createTenantWithMembers(t, admin, { owner: 'owner' })).members;
    dana = await insertContractor(t, tenantA, a.dana.id);
    trustPolicy = await insertPolicy(t, tenantA, dana, {
      provider: 'trustlayer',
      policyNumber: 'GL-1',
      expirationDate: '2027-01-01',
    });
    veriPolicy = await insertPolicy(t, tenantA, dana, {
      provider: 'veriforce',
      policyNumber: 'WC-1',
      expirationDate: '2027-01-01',
    });
    account = await insertBankAccount(t, tenantA, dana);
    plaidAccountId = `acct-${account.slice(0, 8)}`;
  });
  afterAll(() => t?.close());

  it('refuses unsigned, wrongly signed, stale and unknown-provider deliveries with nothing stored', async () => {
    const before = await state();
    const body = { event: 'policy.verified', data: { external_reference: trustPolicy } };
    expectProblem(
      await send('trustlayer', body, { secret: 'whsec-someone-else-000000' }),
      401,
      'WEBHOOK.SIGNATURE_REFUSED',
    );
    expectProblem(await send('trustlayer', body, { secret: SECRETS.veriforce }), 401);
    expectProblem(await send('trustlayer', body, { at: new Date(Date.now() - 10 * 60_000) }), 401);
    expectProblem(await send('trustlayer', body, { at: new Date(Date.now() + 10 * 60_000) }), 401);
    expectProblem(
      await t.inject({
        method: 'POST',
        url: '/api/v1/webhooks/onboarding/trustlayer',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      }),
      401,
    );
    // the body is what was signed: one byte more and the signature no longer holds
    const raw = JSON.stringify(body);
    const signed = signWebhook(SECRETS.trustlayer, 'evt_tamper', Buffer.from(raw));
    expectProblem(
      await t.inject({
        method: 'POST',
        url: '/api/v1/webhooks/onboarding/trustlayer',
        headers: { 'content-type': 'application/json', ...signed },
        payload: `${raw} `,
      }),
      401,
    );
    expectProblem(await send('acme', body), 400);
    // signed but malformed
    expectProblem(await send('trustlayer', '{"event":'), 400);
    expectProblem(
      await send('trustlayer', { event: 'policy.verified', data: { external_reference: 'x' } }),
      400,
      'WEBHOOK.INVALID_PAYLOAD',
    );
    expectProblem(await send('trustlayer', [1, 2]), 400);
    expect(await state()).toEqual(before);
  });

  it('verifies a policy from a signed TrustLayer delivery, stores the payload, refuses its replay', async () => {
    const before = await state();
    const id = `evt_${randomUUID()}`;
    const body = { event: 'policy.verified', data: { external_reference: trustPolicy } };
    const res = await send('trustlayer', body, { id });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ payloadId: expect.any(String), outcome: 'applied' });
    const after = await state();
    expect(after).toEqual({
      ...before,
      payloads: before.payloads + 1,
      events: before.events + 1,
      trust: 'verified',
    });
    // the same delivery again, even freshly signed, is a replay
    expectProblem(await send('trustlayer', body, { id }), 409, 'WEBHOOK.REPLAYED');
    expect(await state()).toEqual(after);
    // a secret being rotated out still verifies
    const rotated = await send(
      'trustlayer',
      { event: 'policy.verified', data: { external_reference: trustPolicy } },
      { secret: 'whsec-trustlayer-retiring-0001' },
    );
    expect(rotated.json().outcome).toBe('already-applied');
    expect((await state()).events).toBe(after.events);
  });

  it('fails a Veriforce policy and verifies a Plaid account, each in the ledger', async () => {
    const before = await state();
    const veri = await send('veriforce', {
      eventType: 'COMPLIANCE_STATUS_CHANGED',
      payload: { clientReference: veriPolicy, status: 'NON_COMPLIANT', notes: 'GL limit too low' },
    });
    expect(veri.json().outcome).toBe('applied');
    const plaid = await send('plaid', {
      webhook_type: 'AUTH',
      webhook_code: 'AUTOMATICALLY_VERIFIED',
      item_id: 'item-x',
      account_id: plaidAccountId,
    });
    expect(plaid.json().outcome).toBe('applied');
    // an event kind that changes nothing is stored and ignored
    const other = await send('plaid', {
      webhook_type: 'TRANSACTIONS',
      webhook_code: 'SYNC_UPDATES_AVAILABLE',
    });
    expect(other.json().outcome).toBe('ignored');
    // a provider speaking of a policy that is not its own, or of nothing we hold
    const cross = await send('veriforce', {
      eventType: 'COMPLIANCE_STATUS_CHANGED',
      payload: { clientReference: trustPolicy, status: 'NON_COMPLIANT' },
    });
    expect(cross.json().outcome).toBe('unmatched');
    const nothing = await send('trustlayer', {
      event: 'policy.rejected',
      data: { external_reference: randomUUID() },
    });
    expect(nothing.json().outcome).toBe('unmatched');
    expect(await state()).toEqual({
      ...before,
      payloads: before.payloads + 5,
      events: before.events + 2,
      veri: 'failed',
      bank: 'verified',
    });
  });

  it('lets reviewers list and replay stored payloads idempotently, in their tenant only', async () => {
    const list = await t.call(
      'GET',
      `/api/v1/contractors/${dana}/verification-payloads`,
      a.owner.token,
    );
    expect(list.statusCode).toBe(200);
    const items = list.json().items as any[];
    expect(items.map((p) => p.provider).sort()).toEqual([
      'plaid',
      'trustlayer',
      'trustlayer',
      'veriforce',
      'veriforce',
    ]);
    const verified = items.find((p) => p.provider === 'trustlayer' && p.outcome === 'applied');
    expect(verified.body).toEqual({
      event: 'policy.verified',
      data: { external_reference: trustPolicy },
    });

    // someone reverted the policy meanwhile: the replay applies again, once
    const c = await superuserClient(t.db.url);
    await c.query(`UPDATE insurance_policy SET verification_status = 'pending' WHERE id = $1`, [
      trustPolicy,
    ]);
    await c.end();
    const before = await state();
    const replay = `/api/v1/onboarding/verification-payloads/${verified.id}/replay`;
    const first = await t.call('POST', replay, a.owner.token);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ payloadId: verified.id, outcome: 'applied' });
    const second = await t.call('POST', replay, a.owner.token);
    expect(second.json().outcome).toBe('already-applied');
    expect(await state()).toEqual({ ...before, events: before.events + 1, trust: 'verified' });
    const again = (
      await t.call('GET', `/api/v1/contractors/${dana}/verification-payloads`, a.owner.token)
    )
      .json()
      .items.find((p: any) => p.id === verified.id);
    expect(again.replays.map((r: any) => r.outcome)).toEqual(['applied', 'already-applied']);

    expectProblem(await t.call('POST', replay, a.dana.token), 403);
    expectProblem(await t.call('POST', replay, b.owner.token), 404);
    expectProblem(
      await t.call('GET', `/api/v1/contractors/${dana}/verification-payloads`, b.owner.token),
      404,
    );
    expectProblem(
      await t.call('POST', `/api/v1/onboarding/verification-payloads/nope/replay`, a.owner.token),
      400,
    );
  });
});
