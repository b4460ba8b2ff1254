import { superuserClient } from '@opsledger/testing';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';

type Res = {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
  rawPayload: Buffer;
  json(): any;
};
const SCRIPT = resolve(__dirname, '../../scripts/verify-attendance-receipt.mjs');

/** Metres per degree of latitude (mean sphere). */
const PER_DEG = 111_195;
const CENTRE = { lat: 37.7946, lng: -122.3951 };
const INSIDE = { lat: CENTRE.lat + 30 / PER_DEG, lng: CENTRE.lng, accuracy: 8 };
const OUTSIDE = { lat: CENTRE.lat + 900 / PER_DEG, lng: CENTRE.lng, accuracy: 8 };

function verify(
  receipt: string,
  jwks: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) =>
    execFile(process.execPath, [SCRIPT, receipt, jwks], (error, stdout, stderr) =>
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

describe('attendance: the issue 16 flow (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let a: Record<'coordinator' | 'dana' | 'eli' | 'stranger', TenantMember>;
  let b: Record<'coordinator', TenantMember>;
  let meeting: { id: string; qrCode: string; radiusMeters: number };
  let dana: { id: string };
  let jwksFile: string;

  const expectProblem = (res: Res, status: number, field?: string) => {
    expect(res.statusCode).toBe(status);
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    if (field) expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  };
  const counts = async () => {
    const c = await superuserClient(t.db.url);
    const r = await c.query(`SELECT (SELECT count(*)::int FROM sessions) AS sessions,
      (SELECT count(*)::int FROM session_events) AS events,
      (SELECT count(*)::int FROM event_store WHERE stream_type LIKE 'attendance-%') AS ledger`);
    await c.end();
    return r.rows[0] as { sessions: number; events: number; ledger: number };
  };
  const now = () => new Date().toISOString();

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.loginAsAdmin();
    a = (
      await createTenantWithMembers(t, admin, {
        coordinator: 'coordinator',
        dana: 'member',
        eli: 'member',
        stranger: 'member',
      })
    ).members;
    b = (await createTenantWithMembers(t, admin, { coordinator: 'coordinator' })).members;
    const dir = await mkdtemp(join(tmpdir(), 'attendance-jwks-'));
    jwksFile = join(dir, 'jwks.json');
    await writeFile(
      jwksFile,
      (await t.inject({ method: 'GET', url: '/.well-known/jwks.json' })).body,
    );
  });
  afterAll(() => t.close());

  it('a coordinator creates a meeting with a geofence and prints its QR code (PNG and SVG)', async () => {
    const res = await t.call('POST', '/api/v1/meetings', a.coordinator.token, {
      name: 'Safety briefing',
      address: '1 Market Street, San Francisco',
      lat: CENTRE.lat,
      lng: CENTRE.lng,
      startTime: new Date(Date.now() - 3600_000).toISOString(),
      endTime: new Date(Date.now() + 3 * 3600_000).toISOString(),
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toBe(`/api/v1/meetings/${res.json().id}`);
    expect(res.json()).toMatchObject({ radiusMeters: 100, isActive: true });
    meeting = res.json();
    expect(meeting.qrCode).toMatch(/^[A-Za-z0-9_-]{32}$/);

    const png = (await t.call(
      'GET',
      `/api/v1/meetings/${meeting.id}/qr`,
      a.coordinator.token,
    )) as unknown as Res;
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    const svg = await t.call(
      'GET',
      `/api/v1/meetings/${meeting.id}/qr?format=svg`,
      a.coordinator.token,
    );
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect(svg.body).toContain('<svg');

    // only coordinators manage meetings and print codes
    expectProblem(
      (await t.call('POST', '/api/v1/meetings', a.dana.token, {
        name: 'x',
        address: 'y',
        lat: 0,
        lng: 0,
      })) as Res,
      403,
    );
  });

  it('bad coordinates (NaN, out of range, strings, half a position) are a 400 naming the field; nothing is written', async () => {
    const before = await counts();
    for (const [body, field] of [
      [{ lat: 'NaN', lng: 0 }, 'lat'],
      [{ lat: 91, lng: 0 }, 'lat'],
      [{ lat: 0, lng: -180.5 }, 'lng'],
      [{ lat: '37.79', lng: -122.39 }, 'lat'],
      [{ lat: 0, lng: 0, radiusMeters: -5 }, 'radiusMeters'],
    ] as const) {
      const res = await t.call('POST', '/api/v1/meetings', a.coordinator.token, {
        name: 'Bad',
        address: 'Nowhere',
        ...body,
      });
      expectProblem(res as Res, 400, field);
    }
    expectProblem(
      (await t.call('POST', '/api/v1/meetings', a.coordinator.token, {
        name: 'Backwards',
        address: 'Nowhere',
        lat: 0,
        lng: 0,
        startTime: '2026-12-06T10:00:00Z',
        endTime: '2026-12-06T09:00:00Z',
      })) as Res,
      422,
      'endTime',
    );
    for (const q of ['lat=NaN&lng=0', 'lat=abc&lng=0', 'lat=95&lng=0', 'lat=0']) {
      expectProblem(
        (await t.call('GET', `/api/v1/meetings/nearby?${q}`, a.coordinator.token)) as Res,
        400,
      );
    }
    expect(await counts()).toEqual(before);
  });

  it('a contact grants consent (timestamped, in the ledger); without it nothing is accepted', async () => {
    const created = await t.call('POST', '/api/v1/contacts', a.coordinator.token, {
      email: 'dana@example.com',
      phone: '+14155550100',
      firstName: 'Dana',
      lastName: 'Reyes',
      userId: a.dana.id,
    });
    expect(created.statusCode).toBe(201);
    dana = created.json();
    expect(created.json()).toMatchObject({ consentGranted: false, consentTimestamp: null });
    expectProblem(
      (await t.call('POST', '/api/v1/contacts', a.coordinator.token, {
        email: 'x@example.com',
        phone: '555-0100',
      })) as Res,
      400,
      'phone',
    );
    expectProblem(
      (await t.call('POST', '/api/v1/contacts', a.coordinator.token, {
        email: 'DANA@example.com',
      })) as Res,
      409,
      'email',
    );

    const before = await counts();
    expectProblem(
      (await t.call('POST', '/api/v1/sessions', a.dana.token, { meetingId: meeting.id })) as Res,
      403,
    );
    expect((await counts()).sessions).toBe(before.sessions);

    // consent is the person's own act: the coordinator cannot give it
    expectProblem(
      (await t.call('POST', `/api/v1/contacts/${dana.id}/consent`, a.coordinator.token)) as Res,
      403,
    );
    const granted = await t.call('POST', `/api/v1/contacts/${dana.id}/consent`, a.dana.token);
    expect(granted.statusCode).toBe(200);
    expect(granted.json().consentGranted).toBe(true);
    expect(Date.parse(granted.json().consentTimestamp)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('starts a session, checks in from inside (granted, receipt verified offline), outside is denied and recorded, checks out', async () => {
    const started = await t.call('POST', '/api/v1/sessions', a.dana.token, {
      meetingId: meeting.id,
    });
    expect(started.statusCode).toBe(201);
    const session = started.json();
    expect(session).toMatchObject({
      status: 'active',
      contactId: dana.id,
      destName: 'Safety briefing',
    });
    // one open session per contact
    expectProblem(
      (await t.call('POST', '/api/v1/sessions', a.dana.token, { meetingId: meeting.id })) as Res,
      409,
      'contactId',
    );

    // a contact never reads the venue code
    expect(
      (await t.call('GET', `/api/v1/meetings/${meeting.id}`, a.dana.token)).json().qrCode,
    ).toBeUndefined();

    const before = await counts();
    expectProblem(
      (await t.call('POST', `/api/v1/sessions/${session.id}/check-in`, a.dana.token, {
        ...INSIDE,
        tsClient: now(),
        qrCode: 'not-the-code',
      })) as Res,
      422,
      'qrCode',
    );
    for (const body of [
      { lat: 'x', lng: 1 },
      { lat: 10 },
      { lat: 10, lng: 200 },
      { lat: 10, lng: 10, accuracy: -1 },
    ])
      expectProblem(
        (await t.call('POST', `/api/v1/sessions/${session.id}/check-in`, a.dana.token, {
          ...body,
          tsClient: now(),
          qrCode: meeting.qrCode,
        })) as Res,
        400,
      );
    expect(await counts()).toEqual(before);

    // rotated: the printed code changes and the old one no longer works
    const rotated = await t.call(
      'POST',
      `/api/v1/meetings/${meeting.id}/qr-rotations`,
      a.coordinator.token,
    );
    expect(rotated.statusCode).toBe(200);
    expect(rotated.json().qrCode).not.toBe(meeting.qrCode);
    expectProblem(
      (await t.call('POST', `/api/v1/sessions/${session.id}/check-in`, a.dana.token, {
        ...INSIDE,
        tsClient: now(),
        qrCode: meeting.qrCode,
      })) as Res,
      422,
      'qrCode',
    );
    meeting = rotated.json();

    const checkIn = await t.call('POST', `/api/v1/sessions/${session.id}/check-in`, a.dana.token, {
      ...INSIDE,
      tsClient: now(),
      qrCode: meeting.qrCode,
    });
    expect(checkIn.statusCode).toBe(200);
    expect(checkIn.json()).toMatchObject({
      status: 'checked_in',
      event: {
        type: 'check_in',
        locationFlag: 'granted',
        clockSkewed: false,
        outsideWindow: false,
      },
    });
    expect(checkIn.json().event.distanceMeters).toBeCloseTo(30, 0);

    const verified = await verify(checkIn.json().receipt, jwksFile);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({
      valid: true,
      receiptId: checkIn.json().event.receiptId,
      contactId: dana.id,
      meetingId: meeting.id,
      sessionId: session.id,
      locationFlag: 'granted',
      lat: INSIDE.lat,
      lng: INSIDE.lng,
      tsServer: checkIn.json().event.tsServer,
    });
    // a tampered receipt (payload changed, signature kept) is refused
    const [h, p, s] = (checkIn.json().receipt as string).split('.');
    const forged = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    forged.lat = OUTSIDE.lat;
    const tampered = await verify(
      `${h}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${s}`,
      jwksFile,
    );
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain('"valid":false');

    // from outside the fence, with a clock 10 minutes behind: denied and flagged, but recorded
    const outside = await t.call('POST', `/api/v1/sessions/${session.id}/locations`, a.dana.token, {
      ...OUTSIDE,
      tsClient: new Date(Date.now() - 600_000).toISOString(),
    });
    expect(outside.statusCode).toBe(200);
    expect(outside.json().event).toMatchObject({ locationFlag: 'denied', clockSkewed: true });
    expect(outside.json().event.distanceMeters).toBeGreaterThan(800);
    expect((await verify(outside.json().receipt, jwksFile)).code).toBe(0);

    // no fix at all: a timeout, recorded without a position
    const timeout = await t.call('POST', `/api/v1/sessions/${session.id}/locations`, a.dana.token, {
      tsClient: now(),
    });
    expect(timeout.json().event).toMatchObject({ locationFlag: 'timeout', lat: null, lng: null });

    const checkOut = await t.call(
      'POST',
      `/api/v1/sessions/${session.id}/check-out`,
      a.dana.token,
      {
        ...INSIDE,
        tsClient: now(),
        qrCode: meeting.qrCode,
      },
    );
    expect(checkOut.statusCode).toBe(200);
    expect(checkOut.json()).toMatchObject({
      status: 'completed',
      event: { type: 'check_out', locationFlag: 'granted' },
    });
    expect(checkOut.json().attendedSeconds).toBeGreaterThanOrEqual(0);

    const read = await t.call('GET', `/api/v1/sessions/${session.id}`, a.dana.token);
    expect(read.json()).toMatchObject({ status: 'completed', isComplete: true });
    expect(
      read
        .json()
        .events.map((e: { type: string; locationFlag: string }) => `${e.type}:${e.locationFlag}`),
    ).toEqual([
      'check_in:granted',
      'location_update:denied',
      'location_update:timeout',
      'check_out:granted',
    ]);

    // the report lists the attendance with its duration and flags, as JSON and CSV
    const report = await t.call(
      'GET',
      `/api/v1/meetings/${meeting.id}/attendance`,
      a.coordinator.token,
    );
    expect(report.statusCode).toBe(200);
    expect(report.json().items).toEqual([
      expect.objectContaining({
        sessionId: session.id,
        contactName: 'Dana Reyes',
        status: 'completed',
        attendedSeconds: checkOut.json().attendedSeconds,
        events: 4,
        deniedEvents: 1,
        timeoutEvents: 1,
        clockSkewedEvents: 1,
      }),
    ]);
    const csv = await t.call(
      'GET',
      `/api/v1/meetings/${meeting.id}/attendance?format=csv`,
      a.coordinator.token,
    );
    expect(csv.headers['content-type']).toContain('text/csv');
    const [header, line] = csv.body.trim().split('\r\n');
    expect(header.split(',')).toContain('attendedSeconds');
    expect(line).toContain(session.id);
    expect(line).toContain('Dana Reyes');
    const history = await t.call('GET', `/api/v1/contacts/${dana.id}/sessions`, a.dana.token);
    expect(history.json().items).toHaveLength(1);
    // a contact sees only its own: not the meeting's report
    expectProblem(
      (await t.call('GET', `/api/v1/meetings/${meeting.id}/attendance`, a.dana.token)) as Res,
      403,
    );

    // the ledger holds each step, positions sealed, receipt ids in clear
    const c = await superuserClient(t.db.url);
    const ledger = await c.query(
      `SELECT event_type, payload FROM event_store WHERE stream_id = $1 ORDER BY stream_version`,
      [session.id],
    );
    await c.end();
    expect(ledger.rows.map((r: { event_type: string }) => r.event_type)).toEqual([
      'attendance.session.started.v1',
      ...Array(4).fill('attendance.session.event-recorded.v1'),
    ]);
    const first = ledger.rows[1].payload as Record<string, unknown>;
    expect(first.receiptId).toBe(checkIn.json().event.receiptId);
    expect(first.lat).toMatchObject({ $pd: 1, s: dana.id });

    // the audit trail shows each step
    await t.project();
    const trail = await t.call(
      'GET',
      `/api/v1/audit/resources/attendance-session/${session.id}`,
      admin,
    );
    expect(trail.statusCode).toBe(200);
    expect(trail.json().items).toHaveLength(5);
    const consent = await t.call(
      'GET',
      `/api/v1/audit/resources/attendance-contact/${dana.id}`,
      admin,
    );
    expect(consent.json().items.length).toBe(2);
  });

  it('after withdrawing consent no position is accepted', async () => {
    const started = await t.call('POST', '/api/v1/sessions', a.dana.token, {
      meetingId: meeting.id,
    });
    expect(started.statusCode).toBe(201);
    const withdrawn = await t.call('DELETE', `/api/v1/contacts/${dana.id}/consent`, a.dana.token);
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json()).toMatchObject({ consentGranted: false });
    expect(withdrawn.json().consentWithdrawnAt).not.toBeNull();
    const before = await counts();
    expectProblem(
      (await t.call('POST', `/api/v1/sessions/${started.json().id}/locations`, a.dana.token, {
        ...INSIDE,
        tsClient: now(),
      })) as Res,
      403,
    );
    expect((await counts()).events).toBe(before.events);
    const ended = await t.call('POST', `/api/v1/sessions/${started.json().id}/end`, a.dana.token);
    expect(ended.json().status).toBe('ended');
  });

  it('nearby meetings: sorted by real distance, within the radius, across the antimeridian', async () => {
    const make = async (name: string, lat: number, lng: number) => {
      const res = await t.call('POST', '/api/v1/meetings', a.coordinator.token, {
        name,
        address: 'A',
        lat,
        lng,
      });
      expect(res.statusCode).toBe(201);
      return res.json().id as string;
    };
    const east = await make('Suva east', -18.1, 179.999);
    const west = await make('Taveuni west', -18.1, -179.995);
    await make('Far', -18.5, 179.0);
    const res = await t.call(
      'GET',
      '/api/v1/meetings/nearby?lat=-18.1&lng=-179.999&radiusMeters=2000',
      a.dana.token,
    );
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<{ id: string; distanceMeters: number }>;
    // the one across the antimeridian (about 200 m) is nearer than the one on this side (about 420 m)
    expect(items.map((i) => i.id)).toEqual([east, west]);
    expect(items[0].distanceMeters).toBeCloseTo(211, -1);
    expect(items[0].distanceMeters).toBeLessThan(items[1].distanceMeters);
    // another tenant sees none of them
    const other = await t.call(
      'GET',
      '/api/v1/meetings/nearby?lat=-18.1&lng=-179.999&radiusMeters=2000',
      b.coordinator.token,
    );
    expect(other.json().items).toEqual([]);
  });

  it('tenant isolation: another tenant’s meeting, contact and report do not exist', async () => {
    for (const url of [
      `/api/v1/meetings/${meeting.id}`,
      `/api/v1/meetings/${meeting.id}/attendance`,
      `/api/v1/meetings/${meeting.id}/qr`,
      `/api/v1/contacts/${dana.id}`,
      `/api/v1/contacts/${dana.id}/sessions`,
    ])
      expectProblem((await t.call('GET', url, b.coordinator.token)) as Res, 404);
    // and within a tenant, a member who is no contact has no access
    expectProblem(
      (await t.call('GET', `/api/v1/contacts/${dana.id}`, a.stranger.token)) as Res,
      403,
    );
  });

  it('one open session per contact under concurrent starts through the API', async () => {
    const eli = await t.call('POST', '/api/v1/contacts', a.coordinator.token, {
      email: 'eli@example.com',
      userId: a.eli.id,
    });
    expect(eli.statusCode).toBe(201);
    await t.call('POST', `/api/v1/contacts/${eli.json().id}/consent`, a.eli.token);
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        t.call('POST', '/api/v1/sessions', a.eli.token, { meetingId: meeting.id }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409]);
  });
});
