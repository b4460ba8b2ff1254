import { canonicalJson } from '@opsledger/event-store';
import { superuserClient } from '@opsledger/testing';
import { compactVerify, createLocalJWKSet } from 'jose';
import {
  ERASURE_MAX_ATTEMPTS,
  ErasureJob,
} from '../../src/modules/privacy/application/erasure.job';
import { ErasureParticipants } from '../../src/modules/privacy/application/erasure-participants';
import { createTenantWithMembers, joinTenant } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';

type Res = { statusCode: number; headers: Record<string, unknown>; json(): any };

describe('erasure requests (e2e)', () => {
  let t: TestApp;
  let admin: string;

  const expectProblem = (res: Res, status: number, field?: string) => {
    expect(res.statusCode).toBe(status);
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    if (field) expect(JSON.stringify(res.json())).toContain(field);
  };
  const rows = async () => {
    const c = await superuserClient(t.db.url);
    try {
      const r = await c.query(`SELECT (SELECT count(*)::int FROM erasure_requests) AS requests,
        (SELECT count(*)::int FROM event_store WHERE stream_type = 'erasure-request') AS events`);
      return r.rows[0] as { requests: number; events: number };
    } finally {
      await c.end();
    }
  };
  const userWithSession = async () => {
    const user = await t.createUser(admin);
    return { ...user, token: (await t.login(user.email, user.password)).accessToken };
  };
  const runJob = () => t.app.get(ErasureJob).runDue();

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.loginAsAdmin();
  });
  afterAll(() => t.close());

  it('refuses bad requests with a problem naming the field, writing nothing', async () => {
    const user = await userWithSession();
    const before = await rows();
    expectProblem(
      await t.call('POST', '/api/v1/erasure-requests', admin, { userId: 'nope' }),
      400,
      'userId',
    );
    expectProblem(await t.call('POST', '/api/v1/erasure-requests', admin, {}), 400, 'userId');
    expectProblem(
      await t.call('POST', '/api/v1/erasure-requests', admin, { userId: user.id, extra: 1 }),
      400,
      'extra',
    );
    expectProblem(
      await t.call('POST', '/api/v1/erasure-requests', admin, {
        userId: '6f1d7a52-52cd-4e6c-bf51-0f8b2c1d9e00',
      }),
      404,
    );
    expectProblem(
      await t.call('POST', '/api/v1/erasure-requests', user.token, { userId: user.id }),
      403,
    );
    expectProblem(await t.call('GET', '/api/v1/erasure-requests', user.token), 403);
    expectProblem(await t.call('POST', '/api/v1/erasure-requests', null, { userId: user.id }), 401);
    expect(await rows()).toEqual(before);
  });

  it('erases a user on an admin’s request and certifies it, signed with a key of the JWKS', async () => {
    const user = await userWithSession();
    const res = await t.call('POST', '/api/v1/erasure-requests', admin, { userId: user.id });
    expect(res.statusCode).toBe(201);
    const request = res.json();
    expect(res.headers.location).toBe(`/api/v1/erasure-requests/${request.id}`);
    expect(request).toMatchObject({
      userId: user.id,
      via: 'admin',
      status: 'scheduled',
      steps: [],
    });
    expect(Date.parse(request.notBefore)).toBeLessThanOrEqual(Date.now());
    expectProblem(
      await t.call('POST', '/api/v1/erasure-requests', admin, { userId: user.id }),
      409,
      'userId',
    );

    expect(await runJob()).toEqual([request.id]);
    const done = (await t.call('GET', `/api/v1/erasure-requests/${request.id}`, admin)).json();
    expect(done.status).toBe('completed');
    const participants = t.app
      .get(ErasureParticipants)
      .all()
      .map((p) => p.name);
    expect(participants).toEqual([
      'field-service',
      'attendance',
      'onboarding-documents',
      'onboarding',
      'portfolio',
      'crm',
      'accounts',
      'oauth',
      'audit',
      'platform',
      'identity',
      'ledger',
    ]);
    expect(done.steps.map((s: { participant: string }) => s.participant)).toEqual(participants);
    expect(done.certificate).toMatchObject({
      type: 'opsledger.erasure-certificate.v1',
      requestId: request.id,
      subject: user.id,
      via: 'admin',
      issuer: 'http://opsledger.test',
    });
    const stores = new Set(done.certificate.stores.map((s: { store: string }) => s.store));
    expect([...stores].sort()).toEqual(['ledger', 'memory', 'postgresql']);
    expect(done.certificate.stores).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          participant: 'identity',
          location: 'users',
          action: 'deleted',
          count: 1,
        }),
        expect.objectContaining({
          participant: 'identity',
          location: 'user_sessions',
          action: 'deleted',
          count: 1,
        }),
        expect.objectContaining({
          participant: 'ledger',
          location: 'personal_data_keys',
          action: 'shredded',
        }),
      ]),
    );

    const jwks = (await t.call('GET', '/.well-known/jwks.json', null)).json();
    const { payload, protectedHeader } = await compactVerify(
      done.signature,
      createLocalJWKSet(jwks),
    );
    expect(protectedHeader.alg).toBe('ES256');
    expect(new TextDecoder().decode(payload)).toBe(canonicalJson(done.certificate));
    const forged = { ...done.certificate, shreddedSubjects: 0 };
    expect(new TextDecoder().decode(payload)).not.toBe(canonicalJson(forged));

    // the certificate is in the ledger, and the ledger still verifies
    const c = await superuserClient(t.db.url);
    const ledger = await c.query(
      `SELECT event_type, payload FROM event_store WHERE stream_type = 'erasure-request' AND stream_id = $1 ORDER BY stream_version`,
      [request.id],
    );
    await c.end();
    expect(ledger.rows.map((r) => r.event_type)).toEqual([
      'privacy.erasure-request.requested.v1',
      'privacy.erasure-request.started.v1',
      ...participants.map(() => 'privacy.erasure-request.step-completed.v1'),
      'privacy.erasure-request.completed.v1',
    ]);
    expect(ledger.rows.at(-1).payload).toEqual({
      status: 'completed',
      certificate: done.certificate,
      signature: done.signature,
    });
    expect(JSON.stringify(ledger.rows)).not.toContain(user.email);
    const verify = (await t.call('GET', '/api/v1/audit/verify', admin)).json();
    expect(verify).toMatchObject({ intact: true, firstBrokenPosition: null });

    expectProblem(
      await t.call('POST', '/api/v1/erasure-requests', admin, { userId: user.id }),
      404,
    );
    expect(await runJob()).toEqual([]);
  });

  it('lets a user ask for their own erasure, which waits out the grace period and can be cancelled', async () => {
    const user = await userWithSession();
    const other = await userWithSession();
    const res = await t.call('POST', '/api/v1/me/erasure-request', user.token);
    expect(res.statusCode).toBe(201);
    const request = res.json();
    expect(request).toMatchObject({
      userId: user.id,
      via: 'self',
      status: 'scheduled',
      requestedBy: user.id,
    });
    const grace = Date.parse(request.notBefore) - Date.parse(request.requestedAt);
    expect(grace).toBe(7 * 24 * 60 * 60 * 1000);
    expectProblem(await t.call('POST', '/api/v1/me/erasure-request', user.token), 409);

    expect(await runJob()).toEqual([]);
    expect((await t.call('GET', '/api/v1/me/erasure-request', user.token)).json()).toMatchObject({
      id: request.id,
      status: 'scheduled',
    });
    expectProblem(await t.call('GET', `/api/v1/erasure-requests/${request.id}`, other.token), 404);
    expectProblem(
      await t.call('POST', `/api/v1/erasure-requests/${request.id}/cancel`, other.token),
      404,
    );
    expectProblem(await t.call('GET', '/api/v1/me/erasure-request', other.token), 404);
    expectProblem(
      await t.call('GET', '/api/v1/erasure-requests/not-a-uuid', user.token),
      400,
      'id',
    );

    const cancelled = await t.call(
      'POST',
      `/api/v1/erasure-requests/${request.id}/cancel`,
      user.token,
    );
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({
      status: 'cancelled',
      cancelledAt: expect.any(String),
    });
    expectProblem(
      await t.call('POST', `/api/v1/erasure-requests/${request.id}/cancel`, admin),
      409,
    );

    // past the grace period a cancelled request still does not run
    const c = await superuserClient(t.db.url);
    await c.query(
      `UPDATE erasure_requests SET not_before = now() - interval '1 day' WHERE id = $1`,
      [request.id],
    );
    await c.end();
    expect(await runJob()).toEqual([]);
    expect((await t.call('GET', '/api/v1/users/' + user.id, admin)).statusCode).toBe(200);

    const list = (await t.call('GET', '/api/v1/erasure-requests?limit=1', admin)).json();
    expect(list.items).toHaveLength(1);
    expect(list.nextCursor).toEqual(expect.any(String));
    const next = (
      await t.call('GET', `/api/v1/erasure-requests?limit=100&cursor=${list.nextCursor}`, admin)
    ).json();
    expect(next.items.map((i: { id: string }) => i.id)).not.toContain(list.items[0].id);
    expectProblem(await t.call('GET', '/api/v1/erasure-requests?cursor=abc', admin), 400, 'cursor');
  });

  it('resumes after a crash between participants without repeating the finished ones', async () => {
    const user = await userWithSession();
    const id = (await t.call('POST', '/api/v1/erasure-requests', admin, { userId: user.id })).json()
      .id;
    const participants = t.app.get(ErasureParticipants);
    const fieldService = jest.spyOn(participants.byName('field-service')!, 'erase');
    const identity = jest
      .spyOn(participants.byName('identity')!, 'erase')
      .mockRejectedValueOnce(new Error('worker killed'));
    try {
      expect(await runJob()).toEqual([]);
      const interrupted = (await t.call('GET', `/api/v1/erasure-requests/${id}`, admin)).json();
      expect(interrupted.status).toBe('running');
      expect(interrupted.attempts).toBe(1);
      expect(interrupted.steps.map((s: { participant: string }) => s.participant)).toEqual([
        'field-service',
        'attendance',
        'onboarding-documents',
        'onboarding',
        'portfolio',
        'crm',
        'accounts',
        'oauth',
        'audit',
        'platform',
      ]);
      // the lease (or the retry's backoff) holds it until it runs out
      expect(await runJob()).toEqual([]);
      const c = await superuserClient(t.db.url);
      await c.query(
        `UPDATE erasure_requests SET lease_until = now() - interval '1 second' WHERE id = $1`,
        [id],
      );
      await c.end();

      expect(await runJob()).toEqual([id]);
      const done = (await t.call('GET', `/api/v1/erasure-requests/${id}`, admin)).json();
      expect(done).toMatchObject({ status: 'completed', attempts: 2 });
      expect(done.steps).toHaveLength(12);
      expect(fieldService).toHaveBeenCalledTimes(1);
      expect(identity).toHaveBeenCalledTimes(2);
    } finally {
      fieldService.mockRestore();
      identity.mockRestore();
    }
  });

  it('runs a request once when two workers claim at the same time, and a re-run of every step changes nothing', async () => {
    const user = await userWithSession();
    const id = (await t.call('POST', '/api/v1/erasure-requests', admin, { userId: user.id })).json()
      .id;
    const participants = t.app.get(ErasureParticipants);
    const spies = participants.all().map((p) => jest.spyOn(p, 'erase'));
    try {
      const [a, b] = await Promise.all([runJob(), runJob()]);
      expect([...a, ...b]).toEqual([id]);
      for (const spy of spies) expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    const done = (await t.call('GET', `/api/v1/erasure-requests/${id}`, admin)).json();
    for (const participant of participants.all()) {
      const receipts = await participant.erase({
        requestId: id,
        userId: user.id,
        subjects: done.plan.subjects,
        targets: done.plan.targets[participant.name] ?? [],
      });
      for (const r of receipts.filter((x) => x.action === 'deleted' || x.action === 'anonymised'))
        expect({ participant: participant.name, location: r.location, count: r.count }).toEqual({
          participant: participant.name,
          location: r.location,
          count: 0,
        });
    }
  });

  it('gives up after its last attempt: failed, recorded in the ledger, and the user may be erased anew', async () => {
    const user = await userWithSession();
    // a customer record the user is the portal login of, in a tenant of theirs
    const { tenantId, members } = await createTenantWithMembers(t, admin, {
      dispatcher: 'dispatcher',
    });
    await joinTenant(t, user, tenantId, 'member');
    const created = await t.call('POST', '/api/v1/customers', members.dispatcher.token, {
      email: 'portal@failing.example',
    });
    const customerId = created.json().id as string;
    const linked = await t.call(
      'POST',
      `/api/v1/customers/${customerId}/portal-user`,
      members.dispatcher.token,
      { userId: user.id },
    );
    expect(linked.statusCode).toBe(200);
    const c = await superuserClient(t.db.url);
    const id = (await t.call('POST', '/api/v1/erasure-requests', admin, { userId: user.id })).json()
      .id;
    await c.query(`UPDATE erasure_requests SET attempts = $2 - 1 WHERE id = $1`, [
      id,
      ERASURE_MAX_ATTEMPTS,
    ]);
    const oauth = jest
      .spyOn(t.app.get(ErasureParticipants).byName('oauth')!, 'erase')
      .mockRejectedValueOnce(new Error('database unreachable'));
    try {
      expect(await runJob()).toEqual([]);
    } finally {
      oauth.mockRestore();
    }
    const failed = (await t.call('GET', `/api/v1/erasure-requests/${id}`, admin)).json();
    expect(failed).toMatchObject({ status: 'failed', attempts: ERASURE_MAX_ATTEMPTS });
    const { rows } = await c.query(
      `SELECT payload FROM event_store WHERE stream_id = $1 AND event_type = 'privacy.erasure-request.failed.v1'`,
      [id],
    );
    expect(rows[0].payload).toEqual({
      status: 'failed',
      attempts: ERASURE_MAX_ATTEMPTS,
      error: 'database unreachable',
    });
    expect(await runJob()).toEqual([]);
    const shredded = async (subject: string) =>
      (
        await c.query(
          `SELECT erased_at IS NOT NULL AS erased FROM personal_data_keys WHERE subject_id = $1`,
          [subject],
        )
      ).rows[0]?.erased === true;
    expect(await shredded(customerId)).toBe(false);

    // the customer is no longer linked to the user, yet the new request still shreds its key
    const again = await t.call('POST', '/api/v1/erasure-requests', admin, { userId: user.id });
    expect(again.statusCode).toBe(201);
    expect(await runJob()).toEqual([again.json().id]);
    const done = (await t.call('GET', `/api/v1/erasure-requests/${again.json().id}`, admin)).json();
    expect(done.plan.subjects).toContainEqual({ subjectId: customerId, kind: 'person' });
    expect(await shredded(customerId)).toBe(true);
    expect(await shredded(user.id)).toBe(true);
    await c.end();
  });
});
