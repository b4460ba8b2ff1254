import { superuserClient } from '@opsledger/testing';
import { MemoryMicroDepositTransfers } from '../../src/modules/onboarding/infrastructure/bank/memory-micro-deposit.transfers';
import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';
import { insertBankAccount, insertContractor } from './onboarding-docs-fixture';

type Res = { statusCode: number; headers: Record<string, unknown>; body: string; json(): any };

describe('onboarding: bank micro-deposits end to end (e2e)', () => {
  let t: TestApp;
  let a: Record<'owner' | 'dana', TenantMember>;
  let b: Record<'owner', TenantMember>;
  let dana: string;
  let locked: string;
  let good: string;
  let bank: MemoryMicroDepositTransfers;
  const url = (account: string, tail = '') =>
    `/api/v1/contractors/${dana}/bank-accounts/${account}/micro-deposits${tail}`;

  const expectProblem = (res: Res, status: number, code?: string) => {
    expect(res.statusCode).toBe(status);
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    if (code) expect(res.json().code).toBe(code);
  };
  const row = async (id: string) => {
    const c = await superuserClient(t.db.url);
    const r = await c.query(
      `SELECT verification_status, micro_deposit_hash, micro_deposit_attempts, micro_deposit_locked_until, version
         FROM bank_account WHERE id = $1`,
      [id],
    );
    await c.end();
    return r.rows[0];
  };
  const events = async (id: string) => {
    const c = await superuserClient(t.db.url);
    const r = await c.query(
      `SELECT event_type, payload FROM event_store WHERE stream_id = $1 ORDER BY stream_version`,
      [id],
    );
    await c.end();
    return r.rows as Array<{ event_type: string; payload: Record<string, unknown> }>;
  };
  const wrong = (amounts: readonly number[]) => {
    const w = [amounts[0] === 99 ? 98 : amounts[0] + 1, amounts[1]];
    return w;
  };

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await t.loginAsAdmin();
    const ta = await createTenantWithMembers(t, admin, { owner: 'owner', dana: 'member' });
    a = ta.members;
    b = (await createTenantWithMembers(t, admin, { owner: 'owner' })).members;
    dana = await insertContractor(t, ta.tenantId, a.dana.id);
    locked = await insertBankAccount(t, ta.tenantId, dana);
    good = await insertBankAccount(t, ta.tenantId, dana);
    bank = t.app.get(MemoryMicroDepositTransfers);
  });
  afterAll(() => t?.close());

  it('sends two amounts, keeps only a keyed hash, and puts neither in the ledger', async () => {
    const res = await t.call('POST', url(good), a.dana.token);
    expect(res.statusCode).toBe(204);
    const amounts = bank.depositsTo(good)!;
    expect(amounts).toHaveLength(2);
    for (const n of amounts) expect(n >= 1 && n <= 99).toBe(true);
    const r = await row(good);
    expect(r.micro_deposit_hash).toMatch(/^v1\.[A-Za-z0-9_-]{43}$/);
    expect(r.micro_deposit_attempts).toBe(0);
    const sent = (await events(good)).find((e) => e.event_type.endsWith('micro-deposits-sent.v1'))!;
    expect(Object.keys(sent.payload).sort()).toEqual(['attempts', 'contractorId', 'sentAt']);
    expect(JSON.stringify(sent)).not.toContain(r.micro_deposit_hash);
  });

  it('verifies the account with the right amounts in any order', async () => {
    const amounts = bank.depositsTo(good)!;
    const res = await t.call('POST', url(good, '/confirm'), a.dana.token, {
      amounts: [amounts[1], amounts[0]],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      verified: true,
      verificationStatus: 'verified',
      attempts: 0,
      attemptsLeft: 0,
      lockedUntil: null,
    });
    expect(await row(good)).toMatchObject({
      verification_status: 'verified',
      micro_deposit_hash: null,
    });
    expect((await events(good)).map((e) => e.event_type).at(-1)).toBe(
      'onboarding.bank-account.verified.v1',
    );
    expectProblem(await t.call('POST', url(good, '/confirm'), a.dana.token, { amounts }), 409);
    expectProblem(await t.call('POST', url(good), a.dana.token), 409, 'BANK_ACCOUNT.NOT_PENDING');
  });

  it('locks the account after three wrong tries; the right amounts are refused once locked', async () => {
    expect((await t.call('POST', url(locked), a.owner.token)).statusCode).toBe(204);
    const amounts = bank.depositsTo(locked)!;
    const attempt = () =>
      t.call('POST', url(locked, '/confirm'), a.dana.token, { amounts: wrong(amounts) });
    const first = await attempt();
    expect(first.json()).toMatchObject({
      verified: false,
      attempts: 1,
      attemptsLeft: 2,
      lockedUntil: null,
    });
    expect((await attempt()).json()).toMatchObject({ attempts: 2, attemptsLeft: 1 });
    const third = (await attempt()).json();
    expect(third).toMatchObject({
      verified: false,
      verificationStatus: 'failed',
      attempts: 3,
      attemptsLeft: 0,
    });
    expect(new Date(third.lockedUntil).getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
    const before = await row(locked);
    expectProblem(
      await t.call('POST', url(locked, '/confirm'), a.dana.token, { amounts }),
      409,
      'BANK_ACCOUNT.MICRO_DEPOSITS_LOCKED',
    );
    expectProblem(
      await t.call('POST', url(locked), a.dana.token),
      409,
      'BANK_ACCOUNT.MICRO_DEPOSITS_LOCKED',
    );
    expect(await row(locked)).toEqual(before);
    const failures = (await events(locked)).filter((e) =>
      e.event_type.endsWith('attempt-failed.v1'),
    );
    expect(failures).toHaveLength(3);
    for (const f of failures)
      expect(Object.keys(f.payload).sort()).toEqual([
        'attempts',
        'contractorId',
        'lockedUntil',
        'verificationStatus',
      ]);
  });

  it('answers bad input 400, strangers 404 and reviewers 403 on confirm, with nothing written', async () => {
    const before = await row(locked);
    for (const body of [
      {},
      { amounts: [1] },
      { amounts: [0, 5] },
      { amounts: [5, 100] },
      { amounts: [1.5, 2] },
      { amounts: ['1', '2'] },
      { amounts: [1, 2, 3] },
      { amounts: [1, 2], extra: true },
    ])
      expectProblem(await t.call('POST', url(locked, '/confirm'), a.dana.token, body), 400);
    expectProblem(
      await t.call('POST', url(locked, '/confirm'), a.owner.token, { amounts: [1, 2] }),
      403,
    );
    expectProblem(
      await t.call('POST', url(locked, '/confirm'), b.owner.token, { amounts: [1, 2] }),
      404,
    );
    expectProblem(await t.call('POST', url(locked), b.owner.token), 404);
    expectProblem(
      await t.call(
        'POST',
        `/api/v1/contractors/${dana}/bank-accounts/${dana}/micro-deposits`,
        a.dana.token,
      ),
      404,
      'BANK_ACCOUNT.NOT_FOUND',
    );
    expect(await row(locked)).toEqual(before);
  });
});
