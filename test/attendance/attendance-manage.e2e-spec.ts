import { superuserClient } from '@opsledger/testing';
import { ErasureJob } from '../../src/modules/privacy/application/erasure.job';
import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';

type Res = { statusCode: number; headers: Record<string, unknown>; json(): any };

/** Metres per degree of latitude (mean sphere). */
const PER_DEG = 111_195;
const CENTRE = { lat: 48.8584, lng: 2.2945 };
const NORTH_500 = { lat: CENTRE.lat + 500 / PER_DEG, lng: CENTRE.lng, accuracy: 5 };

describe('attendance: coordinators manage meetings and contacts (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let a: Record<'coordinator' | 'dana' | 'eli' | 'fay', TenantMember>;
  let b: Record<'coordinator', TenantMember>;

  const sameIds = (items: Array<{ id: string }>, ids: string[]) =>
    expect(items.map((i) => i.id).sort()).toEqual([...ids].sort());
  const expectProblem = (res: Res, status: number, field?: string) => {
    expect(res.statusCode).toBe(status);
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    if (field) expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  };
  const db = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => {
    const c = await superuserClient(t.db.url);
    try {
      return (await c.query(sql, params)).rows as T[];
    } finally {
      await c.end();
    }
  };
  const ledger = async (streamId: string) =>
    db<{ event_type: string; payload: any; metadata: any }>(
      `SELECT event_type, payload, metadata FROM event_store WHERE stream_id = $1 ORDER BY stream_version`,
      [streamId],
    );
  const createMeeting = async (token: string, body: Record<string, unknown> = {}) => {
    const res = await t.call('POST', '/api/v1/meetings', token, {
      name: 'Site walk',
      address: 'Champ de Mars, Paris',
      ...CENTRE,
      ...body,
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; qrCode: string; version: number; createdAt: string };
  };
  const createContact = async (token: string, body: Record<string, unknown>) => {
    const res = await t.call('POST', '/api/v1/contacts', token, body);
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; version: number; email: string };
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.loginAsAdmin();
    a = (
      await createTenantWithMembers(t, admin, {
        coordinator: 'coordinator',
        dana: 'member',
        eli: 'member',
        fay: 'member',
      })
    ).members;
    b = (await createTenantWithMembers(t, admin, { coordinator: 'coordinator' })).members;
  });
  afterAll(() => t.close());

  describe('meetings', () => {
    it('PATCH changes the fence and the window with If-Match; the ledger has old and new values', async () => {
      const meeting = await createMeeting(a.coordinator.token, {
        startTime: '2030-01-01T09:00:00Z',
        endTime: '2030-01-01T11:00:00Z',
      });
      const res = await t.call(
        'PATCH',
        `/api/v1/meetings/${meeting.id}`,
        a.coordinator.token,
        { name: 'Site walk (moved)', lat: NORTH_500.lat, radiusMeters: 250, endTime: null },
        { 'if-match': `"v${meeting.version}"` },
      );
      expect(res.statusCode).toBe(200);
      expect(res.headers.etag).toBe(`"v${meeting.version + 1}"`);
      expect(res.json()).toMatchObject({
        name: 'Site walk (moved)',
        lat: NORTH_500.lat,
        lng: CENTRE.lng,
        radiusMeters: 250,
        startTime: '2030-01-01T09:00:00.000Z',
        endTime: null,
        address: 'Champ de Mars, Paris',
        version: meeting.version + 1,
      });
      const events = await ledger(meeting.id);
      expect(events.map((e) => e.event_type)).toEqual([
        'attendance.meeting.created.v1',
        'attendance.meeting.changed.v1',
      ]);
      // only what changed (lng and address did not), old values beside the new ones
      expect(events[1].payload).toEqual({
        name: 'Site walk (moved)',
        lat: NORTH_500.lat,
        radiusMeters: 250,
        endTime: null,
      });
      expect(events[1].metadata.previous).toEqual({
        name: 'Site walk',
        lat: CENTRE.lat,
        radiusMeters: 100,
        endTime: '2030-01-01T11:00:00.000Z',
      });

      // the same values again change nothing and write no event
      const same = await t.call('PATCH', `/api/v1/meetings/${meeting.id}`, a.coordinator.token, {
        radiusMeters: 250,
      });
      expect(same.statusCode).toBe(200);
      expect(same.json().version).toBe(meeting.version + 1);
      expect(await ledger(meeting.id)).toHaveLength(2);
    });

    it('a stale If-Match is a 412, a malformed one a 400; nothing is written', async () => {
      const meeting = await createMeeting(a.coordinator.token);
      await t.call('PATCH', `/api/v1/meetings/${meeting.id}`, a.coordinator.token, {
        name: 'Renamed once',
      });
      expectProblem(
        (await t.call(
          'PATCH',
          `/api/v1/meetings/${meeting.id}`,
          a.coordinator.token,
          { name: 'Lost update' },
          { 'if-match': `"v${meeting.version}"` },
        )) as Res,
        412,
      );
      expectProblem(
        (await t.call(
          'PATCH',
          `/api/v1/meetings/${meeting.id}`,
          a.coordinator.token,
          { name: 'Lost update' },
          { 'if-match': 'v1' },
        )) as Res,
        400,
      );
      expect(
        (await t.call('GET', `/api/v1/meetings/${meeting.id}`, a.coordinator.token)).json().name,
      ).toBe('Renamed once');
      expect(await ledger(meeting.id)).toHaveLength(2);
    });

    it('bad input is a 400 naming the field, a backwards window a 422; nothing is written', async () => {
      const meeting = await createMeeting(a.coordinator.token, {
        startTime: '2030-01-01T09:00:00Z',
      });
      for (const [body, field] of [
        [{ lat: 91 }, 'lat'],
        [{ lng: 'east' }, 'lng'],
        [{ lat: null }, 'lat'],
        [{ radiusMeters: 0 }, 'radiusMeters'],
        [{ radiusMeters: 50_001 }, 'radiusMeters'],
        [{ name: '' }, 'name'],
        [{ name: null }, 'name'],
        [{ name: '   ' }, 'name'],
        [{ address: 'x'.repeat(501) }, 'address'],
        [{ startTime: 'tomorrow' }, 'startTime'],
        [{ qrCode: 'mine' }, 'qrCode'],
      ] as const) {
        expectProblem(
          (await t.call(
            'PATCH',
            `/api/v1/meetings/${meeting.id}`,
            a.coordinator.token,
            body,
          )) as Res,
          400,
          field,
        );
      }
      expectProblem(
        (await t.call('PATCH', `/api/v1/meetings/${meeting.id}`, a.coordinator.token, {
          endTime: '2030-01-01T08:00:00Z',
        })) as Res,
        422,
        'endTime',
      );
      expectProblem(
        (await t.call('PATCH', '/api/v1/meetings/not-a-uuid', a.coordinator.token, {
          name: 'x',
        })) as Res,
        400,
        'id',
      );
      expect(await ledger(meeting.id)).toHaveLength(1);
      const view = (
        await t.call('GET', `/api/v1/meetings/${meeting.id}`, a.coordinator.token)
      ).json();
      expect(view).toMatchObject({ lat: CENTRE.lat, radiusMeters: 100, name: 'Site walk' });
    });

    it('only coordinators change, cancel or list meetings; another tenant’s meeting is a 404', async () => {
      const meeting = await createMeeting(a.coordinator.token);
      expectProblem(
        (await t.call('PATCH', `/api/v1/meetings/${meeting.id}`, a.dana.token, {
          name: 'Mine now',
        })) as Res,
        403,
      );
      expectProblem(
        (await t.call('POST', `/api/v1/meetings/${meeting.id}/deactivation`, a.dana.token)) as Res,
        403,
      );
      expectProblem((await t.call('GET', '/api/v1/meetings', a.dana.token)) as Res, 403);
      expectProblem(
        (await t.call('PATCH', `/api/v1/meetings/${meeting.id}`, b.coordinator.token, {
          name: 'Hijacked',
        })) as Res,
        404,
      );
      expectProblem(
        (await t.call(
          'POST',
          `/api/v1/meetings/${meeting.id}/deactivation`,
          b.coordinator.token,
        )) as Res,
        404,
      );
      expect(await ledger(meeting.id)).toHaveLength(1);
      const bList = (await t.call('GET', '/api/v1/meetings?limit=100', b.coordinator.token)).json();
      expect(bList.items.map((m: { id: string }) => m.id)).not.toContain(meeting.id);
    });

    it('a changed fence judges later check-ins only: the earlier denied event keeps its decision', async () => {
      const meeting = await createMeeting(a.coordinator.token);
      const dana = await createContact(a.coordinator.token, {
        email: 'dana.fence@example.com',
        userId: a.dana.id,
      });
      expect(
        (await t.call('POST', `/api/v1/contacts/${dana.id}/consent`, a.dana.token)).statusCode,
      ).toBe(200);
      const session = (
        await t.call('POST', '/api/v1/sessions', a.dana.token, { meetingId: meeting.id })
      ).json();
      const checkIn = () =>
        t.call('POST', `/api/v1/sessions/${session.id}/check-in`, a.dana.token, {
          ...NORTH_500,
          tsClient: new Date().toISOString(),
          qrCode: meeting.qrCode,
        });
      const denied = await checkIn();
      expect(denied.json().event).toMatchObject({ locationFlag: 'denied' });
      // the coordinator widens the fence to take in where Dana stands
      expect(
        (
          await t.call('PATCH', `/api/v1/meetings/${meeting.id}`, a.coordinator.token, {
            radiusMeters: 600,
          })
        ).statusCode,
      ).toBe(200);
      const granted = await checkIn();
      expect(granted.json()).toMatchObject({
        status: 'checked_in',
        event: { locationFlag: 'granted' },
      });
      const events = (await t.call('GET', `/api/v1/sessions/${session.id}`, a.dana.token)).json()
        .events;
      expect(events.map((e: { locationFlag: string }) => e.locationFlag)).toEqual([
        'denied',
        'granted',
      ]);

      // cancelled: an open session can still check out; no new session or check-in
      const cancelled = await t.call(
        'POST',
        `/api/v1/meetings/${meeting.id}/deactivation`,
        a.coordinator.token,
        undefined,
        { 'if-match': `"v${meeting.version + 1}"` },
      );
      expect(cancelled.statusCode).toBe(200);
      expect(cancelled.json()).toMatchObject({ isActive: false, version: meeting.version + 2 });
      const out = await t.call('POST', `/api/v1/sessions/${session.id}/check-out`, a.dana.token, {
        ...NORTH_500,
        tsClient: new Date().toISOString(),
        qrCode: meeting.qrCode,
      });
      expect(out.statusCode).toBe(200);
      expect(out.json()).toMatchObject({ status: 'completed' });
      expectProblem(
        (await t.call('POST', '/api/v1/sessions', a.dana.token, {
          meetingId: meeting.id,
        })) as Res,
        409,
        'meetingId',
      );
      // cancelling again changes nothing
      const again = await t.call(
        'POST',
        `/api/v1/meetings/${meeting.id}/deactivation`,
        a.coordinator.token,
      );
      expect(again.json().version).toBe(meeting.version + 2);
      expect((await ledger(meeting.id)).map((e) => e.event_type)).toEqual([
        'attendance.meeting.created.v1',
        'attendance.meeting.changed.v1',
        'attendance.meeting.deactivated.v1',
      ]);
    });

    it('a session opened before the meeting was cancelled cannot check in after it', async () => {
      const meeting = await createMeeting(a.coordinator.token);
      const eli = await createContact(a.coordinator.token, {
        email: 'eli.cancel@example.com',
        userId: a.eli.id,
      });
      await t.call('POST', `/api/v1/contacts/${eli.id}/consent`, a.eli.token);
      const session = (
        await t.call('POST', '/api/v1/sessions', a.eli.token, { meetingId: meeting.id })
      ).json();
      await t.call('POST', `/api/v1/meetings/${meeting.id}/deactivation`, a.coordinator.token);
      const [before] = await db<{ n: number }>(
        `SELECT count(*)::int AS n FROM session_events WHERE session_id = $1`,
        [session.id],
      );
      expectProblem(
        (await t.call('POST', `/api/v1/sessions/${session.id}/check-in`, a.eli.token, {
          ...CENTRE,
          accuracy: 5,
          tsClient: new Date().toISOString(),
          qrCode: meeting.qrCode,
        })) as Res,
        409,
        'meetingId',
      );
      const [after] = await db<{ n: number }>(
        `SELECT count(*)::int AS n FROM session_events WHERE session_id = $1`,
        [session.id],
      );
      expect(after.n).toBe(before.n);
      // and ends it
      expect(
        (await t.call('POST', `/api/v1/sessions/${session.id}/end`, a.eli.token)).statusCode,
      ).toBeLessThan(300);
    });

    it('GET /meetings pages without gaps or repeats and filters by active, window and text', async () => {
      const made: string[] = [];
      for (let i = 0; i < 5; i++)
        made.push(
          (
            await createMeeting(b.coordinator.token, {
              name: `Paging ${i} 100%_sure`,
              startTime: `2031-0${i + 1}-01T09:00:00Z`,
              endTime: `2031-0${i + 1}-01T10:00:00Z`,
            })
          ).id,
        );
      const seen: Array<{ id: string; createdAt: string }> = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: Res = (await t.call(
          'GET',
          `/api/v1/meetings?limit=2&q=Paging${cursor ? `&cursor=${cursor}` : ''}`,
          b.coordinator.token,
        )) as Res;
        expect(page.statusCode).toBe(200);
        expect(page.json().items.length).toBeLessThanOrEqual(2);
        seen.push(...page.json().items);
        cursor = page.json().nextCursor as string | null;
        // a meeting created between pages sorts before the cursor: never seen, nothing shifts
        if (pages++ === 0)
          await createMeeting(b.coordinator.token, {
            name: 'Paging late',
            startTime: '2040-01-01T09:00:00Z',
          });
      } while (cursor);
      expect(pages).toBe(3);
      sameIds(seen, made);
      // newest first (created_at, then id, descending)
      const keys = seen.map((m) => `${m.createdAt}|${m.id}`);
      expect(keys).toEqual([...keys].sort().reverse());

      const window = await t.call(
        'GET',
        '/api/v1/meetings?from=2031-02-01T09:30:00Z&to=2031-03-15T00:00:00Z&q=paging',
        b.coordinator.token,
      );
      sameIds(window.json().items, [made[1], made[2]]);

      // LIKE wildcards in the text are taken literally
      const literal = await t.call('GET', '/api/v1/meetings?q=0%25_s', b.coordinator.token);
      sameIds(literal.json().items, made);
      const wildcard = await t.call('GET', '/api/v1/meetings?q=P_ging', b.coordinator.token);
      expect(wildcard.json().items).toHaveLength(0);

      await t.call('POST', `/api/v1/meetings/${made[0]}/deactivation`, b.coordinator.token);
      const inactive = await t.call('GET', '/api/v1/meetings?active=false', b.coordinator.token);
      expect(inactive.json().items.map((m: { id: string }) => m.id)).toEqual([made[0]]);
      const active = await t.call(
        'GET',
        '/api/v1/meetings?active=true&q=Paging&limit=100',
        b.coordinator.token,
      );
      sameIds(
        active.json().items.filter((m: { name: string }) => m.name !== 'Paging late'),
        made.slice(1),
      );
      expect(active.json().items).toHaveLength(5);
      // coordinators see the printed code in the list too
      expect(active.json().items[0].qrCode).toMatch(/^[A-Za-z0-9_-]{32}$/);

      for (const q of [
        'active=yes',
        'from=yesterday',
        'limit=0',
        'limit=101',
        'cursor=@@',
        `cursor=${Buffer.from('["x","y"]').toString('base64url')}`,
        'q=',
      ])
        expectProblem(
          (await t.call('GET', `/api/v1/meetings?${q}`, b.coordinator.token)) as Res,
          400,
        );
    });
  });

  describe('contacts', () => {
    it('PATCH changes email, phone, names and ghl id; the ledger event is sealed under the contact’s key', async () => {
      const contact = await createContact(a.coordinator.token, {
        email: 'pat@example.com',
        phone: '+14155550100',
        firstName: 'Pat',
      });
      const res = await t.call(
        'PATCH',
        `/api/v1/contacts/${contact.id}`,
        a.coordinator.token,
        {
          email: 'Pat.Lee@Example.com',
          phone: '+442071838750',
          lastName: 'Lee',
          ghlContactId: 'ghl-123',
          firstName: 'Pat',
        },
        { 'if-match': `"v${contact.version}"` },
      );
      expect(res.statusCode).toBe(200);
      expect(res.headers.etag).toBe(`"v${contact.version + 1}"`);
      expect(res.json()).toMatchObject({
        email: 'pat.lee@example.com',
        phone: '+442071838750',
        firstName: 'Pat',
        lastName: 'Lee',
        ghlContactId: 'ghl-123',
      });
      const events = await ledger(contact.id);
      expect(events.map((e) => e.event_type)).toEqual([
        'attendance.contact.created.v1',
        'attendance.contact.changed.v1',
      ]);
      const changed = events[1];
      // only changed fields; firstName was sent unchanged
      expect(Object.keys(changed.payload).sort()).toEqual(
        ['email', 'ghlContactId', 'lastName', 'phone'].sort(),
      );
      expect(Object.keys(changed.metadata.previous).sort()).toEqual(
        ['email', 'ghlContactId', 'lastName', 'phone'].sort(),
      );
      for (const value of [
        changed.payload.email,
        changed.payload.phone,
        changed.metadata.previous.email,
        changed.metadata.previous.phone,
      ])
        expect(value).toMatchObject({ $pd: 1, s: contact.id });
      const text = JSON.stringify(changed);
      for (const plain of ['pat@example.com', 'pat.lee@example.com', '+14155550100', 'Lee'])
        expect(text).not.toContain(plain);

      // null clears a nullable field
      const cleared = await t.call('PATCH', `/api/v1/contacts/${contact.id}`, a.coordinator.token, {
        phone: null,
      });
      expect(cleared.json()).toMatchObject({ phone: null, version: contact.version + 2 });
    });

    it('erasing the linked user shreds the key that seals the old and new values of a change', async () => {
      const person = await t.createUser(admin);
      const contact = await createContact(a.coordinator.token, {
        email: 'erase-me@example.com',
        userId: person.id,
      });
      expect(
        (
          await t.call('PATCH', `/api/v1/contacts/${contact.id}`, a.coordinator.token, {
            email: 'erase-me-too@example.com',
          })
        ).statusCode,
      ).toBe(200);
      const key = () =>
        db<{ erased: boolean }>(
          `SELECT erased_at IS NOT NULL AS erased FROM personal_data_keys WHERE subject_id = $1`,
          [contact.id],
        );
      expect(await key()).toEqual([{ erased: false }]);
      const request = await t.call('POST', '/api/v1/erasure-requests', admin, {
        userId: person.id,
      });
      expect(request.statusCode).toBe(201);
      expect(await t.app.get(ErasureJob).runDue()).toEqual([request.json().id]);
      expect(await key()).toEqual([{ erased: true }]);
      // the events stay (the chain holds), their sealed values can no longer be opened
      const events = await ledger(contact.id);
      expect(events.map((e) => e.event_type)).toContain('attendance.contact.changed.v1');
      expect(JSON.stringify(events)).not.toContain('erase-me');
      expect((await t.call('GET', '/api/v1/audit/verify', admin)).json()).toMatchObject({
        intact: true,
      });
    });

    it('a taken email is a 409 naming email; a stale If-Match a 412; bad values a 400; nothing is written', async () => {
      await createContact(a.coordinator.token, { email: 'taken@example.com' });
      const contact = await createContact(a.coordinator.token, { email: 'free@example.com' });
      const taken = (await t.call('PATCH', `/api/v1/contacts/${contact.id}`, a.coordinator.token, {
        email: 'TAKEN@example.com',
      })) as Res;
      expectProblem(taken, 409, 'email');
      expect(taken.json().code).toBe('CONTACT.EMAIL_TAKEN');
      expectProblem(
        (await t.call(
          'PATCH',
          `/api/v1/contacts/${contact.id}`,
          a.coordinator.token,
          { firstName: 'Late' },
          { 'if-match': `"v${contact.version + 5}"` },
        )) as Res,
        412,
      );
      for (const [body, field] of [
        [{ phone: '555-0100' }, 'phone'],
        [{ phone: '+0123' }, 'phone'],
        [{ email: 'not-an-email' }, 'email'],
        [{ email: null }, 'email'],
        [{ firstName: 'x'.repeat(101) }, 'firstName'],
        [{ ghlContactId: 7 }, 'ghlContactId'],
        [{ userId: a.eli.id }, 'userId'],
        [{ consentGranted: true }, 'consentGranted'],
      ] as const)
        expectProblem(
          (await t.call(
            'PATCH',
            `/api/v1/contacts/${contact.id}`,
            a.coordinator.token,
            body,
          )) as Res,
          400,
          field,
        );
      expect(await ledger(contact.id)).toHaveLength(1);
      expect(
        (await t.call('GET', `/api/v1/contacts/${contact.id}`, a.coordinator.token)).json(),
      ).toMatchObject({ email: 'free@example.com', version: contact.version });
    });

    it('only coordinators change or list contacts — not even the contact itself; another tenant’s is a 404', async () => {
      const own = await createContact(a.coordinator.token, {
        email: 'self@example.com',
        userId: a.fay.id,
      });
      expectProblem(
        (await t.call('PATCH', `/api/v1/contacts/${own.id}`, a.fay.token, {
          firstName: 'Me',
        })) as Res,
        403,
      );
      expectProblem((await t.call('GET', '/api/v1/contacts', a.fay.token)) as Res, 403);
      expectProblem(
        (await t.call('PATCH', `/api/v1/contacts/${own.id}`, b.coordinator.token, {
          firstName: 'Other',
        })) as Res,
        404,
      );
      const bList = (await t.call('GET', '/api/v1/contacts?limit=100', b.coordinator.token)).json();
      expect(bList.items.map((c: { id: string }) => c.id)).not.toContain(own.id);
      expect(await ledger(own.id)).toHaveLength(1);
    });

    it('GET /contacts pages without gaps or repeats and filters by text, consent and active', async () => {
      const made: string[] = [];
      for (const [first, last] of [
        ['Ana', 'Lima'],
        ['Bo', 'Lindqvist'],
        ['Cy', 'Lin'],
        ['Di', 'Moreau'],
      ])
        made.push(
          (
            await createContact(b.coordinator.token, {
              email: `${first.toLowerCase()}@lists.example.com`,
              firstName: first,
              lastName: last,
            })
          ).id,
        );
      const seen: Array<{ id: string }> = [];
      let cursor: string | null = null;
      do {
        const page: Res = (await t.call(
          'GET',
          `/api/v1/contacts?limit=3&q=lists.example${cursor ? `&cursor=${cursor}` : ''}`,
          b.coordinator.token,
        )) as Res;
        expect(page.statusCode).toBe(200);
        seen.push(...page.json().items);
        cursor = page.json().nextCursor as string | null;
      } while (cursor);
      expect(seen).toHaveLength(4);
      sameIds(seen, made);

      const byName = await t.call('GET', '/api/v1/contacts?q=lin', b.coordinator.token);
      sameIds(byName.json().items, [made[1], made[2]]);
      const fullName = await t.call('GET', '/api/v1/contacts?q=Bo%20Lind', b.coordinator.token);
      sameIds(fullName.json().items, [made[1]]);
      const noConsent = await t.call(
        'GET',
        '/api/v1/contacts?consentGranted=false&q=lists&active=true',
        b.coordinator.token,
      );
      expect(noConsent.json().items).toHaveLength(4);
      const consented = await t.call(
        'GET',
        '/api/v1/contacts?consentGranted=true&q=lists',
        b.coordinator.token,
      );
      expect(consented.json().items).toHaveLength(0);
      for (const q of ['consentGranted=1', 'active=maybe', 'limit=-1', 'cursor=%24%24'])
        expectProblem(
          (await t.call('GET', `/api/v1/contacts?${q}`, b.coordinator.token)) as Res,
          400,
        );
    });
  });
});
