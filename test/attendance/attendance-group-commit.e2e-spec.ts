import { RequestContext } from '@opsledger/persistence';
import { superuserClient } from '@opsledger/testing';
import { ReceiptSigner } from '../../src/modules/attendance/application/receipt-signer.port';
import { AttendanceSessionRepository } from '../../src/modules/attendance/domain/attendance-session.repository';
import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';

const PER_DEG = 111_195;
const CENTRE = { lat: 37.7946, lng: -122.3951 };
const INSIDE = { lat: CENTRE.lat + 30 / PER_DEG, lng: CENTRE.lng, accuracy: 8 };

interface LedgerRow {
  tx_id: string;
  tenant_id: string;
  stream_id: string;
  actor: string;
  correlation: string;
  receipt: string;
}

/**
 * Position commands arriving together share a unit of work (group commit): each must still be
 * decided, refused, attributed and answered as its own request, and a batch that fails as a
 * whole must not lose or double any of its commands.
 */
describe('attendance: positions sent together share a unit of work (e2e)', () => {
  let t: TestApp;
  const people = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'late'] as const;
  type Person = (typeof people)[number];
  let a: Record<Person | 'coordinator', TenantMember>;
  let b: Record<'coordinator' | 'q0' | 'q1', TenantMember>;
  const sessionOf = new Map<string, string>();

  const ledger = async (since: string): Promise<LedgerRow[]> => {
    const c = await superuserClient(t.db.url);
    try {
      return (
        await c.query(
          `SELECT tx_id::text, tenant_id::text, stream_id, metadata->>'actorId' AS actor,
                  metadata->>'correlationId' AS correlation, payload->>'receiptId' AS receipt
             FROM event_store
            WHERE stream_type = 'attendance-session' AND position > $1::bigint
            ORDER BY position`,
          [since],
        )
      ).rows as LedgerRow[];
    } finally {
      await c.end();
    }
  };
  const head = async (): Promise<string> => {
    const c = await superuserClient(t.db.url);
    try {
      return (await c.query(`SELECT coalesce(max(position), 0)::text AS p FROM event_store`))
        .rows[0].p as string;
    } finally {
      await c.end();
    }
  };
  const rowsOf = async (receipts: string[]): Promise<number> => {
    const c = await superuserClient(t.db.url);
    try {
      return (
        await c.query(
          `SELECT count(*)::int AS n FROM session_events WHERE receipt_id = ANY($1::uuid[])`,
          [receipts],
        )
      ).rows[0].n as number;
    } finally {
      await c.end();
    }
  };
  const locate = (who: TenantMember, session: string, requestId: string) =>
    t.call(
      'POST',
      `/api/v1/sessions/${session}/locations`,
      who.token,
      { ...INSIDE, tsClient: new Date().toISOString() },
      { 'x-request-id': requestId },
    );

  /** A meeting, and for each member a contact with consent and an open session. */
  const openSessions = async (coordinator: TenantMember, members: TenantMember[]) => {
    const meeting = await t.call('POST', '/api/v1/meetings', coordinator.token, {
      name: 'Site walk',
      address: '1 Market Street, San Francisco',
      lat: CENTRE.lat,
      lng: CENTRE.lng,
    });
    expect(meeting.statusCode).toBe(201);
    for (const [i, member] of members.entries()) {
      const contact = await t.call('POST', '/api/v1/contacts', coordinator.token, {
        email: `gc-${member.id.slice(0, 8)}-${i}@example.com`,
        userId: member.id,
      });
      expect(contact.statusCode).toBe(201);
      const consent = await t.call(
        'POST',
        `/api/v1/contacts/${contact.json().id}/consent`,
        member.token,
      );
      expect(consent.statusCode).toBe(200);
      const session = await t.call('POST', '/api/v1/sessions', member.token, {
        meetingId: meeting.json().id,
      });
      expect(session.statusCode).toBe(201);
      sessionOf.set(member.id, session.json().id as string);
    }
  };

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await t.loginAsAdmin();
    a = (
      await createTenantWithMembers(t, admin, {
        coordinator: 'coordinator',
        p0: 'member',
        p1: 'member',
        p2: 'member',
        p3: 'member',
        p4: 'member',
        p5: 'member',
        late: 'member',
      })
    ).members;
    b = (
      await createTenantWithMembers(t, admin, {
        coordinator: 'coordinator',
        q0: 'member',
        q1: 'member',
      })
    ).members;
    await openSessions(
      a.coordinator,
      people.map((p) => a[p]),
    );
    await openSessions(b.coordinator, [b.q0, b.q1]);
    // `late` withdraws consent after opening its session: its positions are refused
    const contacts = await t.call('GET', '/api/v1/contacts?limit=100', a.coordinator.token);
    const late = (contacts.json().items as Array<{ id: string; userId: string }>).find(
      (c) => c.userId === a.late.id,
    );
    expect(
      (await t.call('DELETE', `/api/v1/contacts/${late!.id}/consent`, a.late.token)).statusCode,
    ).toBe(200);
  });
  afterAll(() => t.close());

  it('each position is decided, refused and attributed as its own request; batches never mix tenants', async () => {
    const since = await head();
    const sent: Array<{ who: TenantMember; session: string; requestId: string; expect: number }> =
      [];
    for (const round of [0, 1])
      for (const p of ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'] as const)
        sent.push({
          who: a[p],
          session: sessionOf.get(a[p].id)!,
          requestId: `gc-${p}-${round}`,
          expect: 200,
        });
    for (const q of [b.q0, b.q1])
      sent.push({ who: q, session: sessionOf.get(q.id)!, requestId: `gc-b-${q.id}`, expect: 200 });
    // refused inside a batch: no consent any more, and someone else's session
    sent.push({
      who: a.late,
      session: sessionOf.get(a.late.id)!,
      requestId: 'gc-late',
      expect: 403,
    });
    sent.push({ who: a.p0, session: sessionOf.get(a.p1.id)!, requestId: 'gc-other', expect: 404 });

    const answers = await Promise.all(sent.map((s) => locate(s.who, s.session, s.requestId)));
    expect(answers.map((r) => r.statusCode)).toEqual(sent.map((s) => s.expect));
    expect(answers[sent.length - 2].json().code).toBe('ATTENDANCE.CONSENT_REQUIRED');

    const events = await ledger(since);
    const accepted = sent.filter((s) => s.expect === 200);
    expect(events).toHaveLength(accepted.length);
    // every event is its own request's: actor, correlation id, session and receipt
    const byRequest = new Map(events.map((e) => [e.correlation, e]));
    accepted.forEach((s, i) => {
      const event = byRequest.get(s.requestId);
      expect(event).toMatchObject({ actor: s.who.id, stream_id: s.session });
      expect(event!.receipt).toBe(answers[i].json().event.receiptId);
    });
    // one session_events row per answer, none for the refused
    expect(await rowsOf(events.map((e) => e.receipt))).toBe(accepted.length);
    // commands did share units of work, and no unit of work wrote for two tenants
    const txs = new Map<string, Set<string>>();
    for (const e of events) txs.set(e.tx_id, (txs.get(e.tx_id) ?? new Set()).add(e.tenant_id));
    expect(txs.size).toBeLessThan(events.length);
    for (const tenants of txs.values()) expect(tenants.size).toBe(1);
    // the audit trail names each event's own actor; the ledger verifies intact
    await t.project();
    const c = await superuserClient(t.db.url);
    try {
      const trail = (
        await c.query(
          `SELECT e.metadata->>'correlationId' AS correlation, a.actor_id FROM audit_trail a
             JOIN event_store e ON e.event_id = a.event_id
            WHERE e.position > $1::bigint AND e.stream_type = 'attendance-session'`,
          [since],
        )
      ).rows as Array<{ correlation: string; actor_id: string }>;
      expect(new Map(trail.map((r) => [r.correlation, r.actor_id]))).toEqual(
        new Map(accepted.map((s) => [s.requestId, s.who.id])),
      );
    } finally {
      await c.end();
    }
    const admin = await t.loginAsAdmin();
    expect((await t.call('GET', '/api/v1/audit/verify', admin)).json()).toMatchObject({
      intact: true,
    });
  });

  it('a batch that fails as a whole runs each of its commands alone: none lost, none doubled', async () => {
    const since = await head();
    const signer = t.app.get(ReceiptSigner);
    const sign = jest.spyOn(signer, 'sign');
    const findMany = jest.spyOn(t.app.get(AttendanceSessionRepository), 'findManyById');
    // the first signature fails after its batch's first write was queued
    sign.mockRejectedValueOnce(new Error('injected signer failure'));
    try {
      const members = [a.p0, a.p1, a.p2, a.p3];
      const answers = await Promise.all(
        members.map((m, i) => locate(m, sessionOf.get(m.id)!, `gc-fail-${i}`)),
      );
      expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
      expect(findMany).toHaveBeenCalled();
      const events = await ledger(since);
      expect(events.map((e) => e.correlation).sort()).toEqual(
        members.map((_, i) => `gc-fail-${i}`).sort(),
      );
      expect(new Set(events.map((e) => e.receipt)).size).toBe(4);
      expect(events.map((e) => e.receipt).sort()).toEqual(
        answers.map((r) => r.json().event.receiptId as string).sort(),
      );
      expect(await rowsOf(events.map((e) => e.receipt))).toBe(4);
    } finally {
      sign.mockRestore();
      findMany.mockRestore();
    }
  });

  it('a database out of reach answers each command of the batch 503 at once; a lock timeout runs each alone', async () => {
    const sessions = t.app.get(AttendanceSessionRepository);
    const context = t.app.get(RequestContext);
    const findManyById = sessions.findManyById.bind(sessions);
    // A batch's load (under the tenant's scope, no user) fails with `failure`; a command run
    // alone (under its request's user) loads as usual, and is counted.
    let failure: Error = new Error('unset');
    let aloneLoads = 0;
    const findMany = jest
      .spyOn(sessions, 'findManyById')
      .mockImplementation((tenantId: string, ids: readonly string[]) => {
        if (context.actor.id === null) return Promise.reject(failure);
        aloneLoads += 1;
        return findManyById(tenantId, ids);
      });
    const members = [a.p0, a.p1, a.p2];
    const send = (tag: string) =>
      Promise.all(members.map((m, i) => locate(m, sessionOf.get(m.id)!, `gc-${tag}-${i}`)));
    try {
      const since = await head();
      failure = new Error('Connection terminated unexpectedly');
      const away = await send('away');
      expect(away.map((r) => r.statusCode)).toEqual([503, 503, 503]);
      expect(aloneLoads).toBe(0);
      expect(await ledger(since)).toHaveLength(0);

      failure = Object.assign(new Error('canceling statement due to lock timeout'), {
        code: '55P03',
      });
      const alone = await send('lock');
      expect(alone.map((r) => r.statusCode)).toEqual([200, 200, 200]);
      expect(aloneLoads).toBe(3);
      expect(await ledger(since)).toHaveLength(3);
    } finally {
      findMany.mockRestore();
    }
  });

  it('with an Idempotency-Key a position joins that key’s unit of work, and its retry answers the first response', async () => {
    const since = await head();
    const session = sessionOf.get(a.p5.id)!;
    const body = { ...INSIDE, tsClient: new Date().toISOString() };
    const send = () =>
      t.call('POST', `/api/v1/sessions/${session}/locations`, a.p5.token, body, {
        'idempotency-key': 'gc-idempotent-1',
      });
    const first = await send();
    expect(first.statusCode).toBe(200);
    const again = await send();
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().receipt).toBe(first.json().receipt);
    expect(await ledger(since)).toHaveLength(1);
  });
});
