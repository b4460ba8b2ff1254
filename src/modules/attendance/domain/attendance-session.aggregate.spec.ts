import { AttendanceSession } from './attendance-session.aggregate';
import { Meeting } from './meeting.aggregate';

const TENANT = '00000000-0000-4000-8000-000000000001';
const CONTACT = '00000000-0000-4000-8000-000000000002';
const start = new Date('2026-12-06T09:00:00Z');
const end = new Date('2026-12-06T11:00:00Z');

function meeting(): Meeting {
  return Meeting.create({
    id: '00000000-0000-4000-8000-000000000003',
    tenantId: TENANT,
    name: 'Briefing',
    address: '1 Market St',
    lat: 37.7946,
    lng: -122.3951,
    startTime: start,
    endTime: end,
    qrCode: 'code-1',
    createdBy: null,
  });
}

let seq = 0;
const report = (
  type: 'check_in' | 'check_out' | 'location_update',
  at: Date,
  fix: { lat: number; lng: number } | null,
  extra: { qrCode?: string; tsClient?: Date; accuracy?: number } = {},
) => ({
  eventId: `e${++seq}`,
  receiptId: `r${seq}`,
  type,
  fix,
  accuracy: extra.accuracy ?? 10,
  tsClient: extra.tsClient ?? at,
  tsServer: at,
  qrCode: extra.qrCode ?? 'code-1',
});

const INSIDE = { lat: 37.7947, lng: -122.3951 };
const OUTSIDE = { lat: 37.8, lng: -122.3951 };

describe('AttendanceSession', () => {
  const open = (consent = true) => {
    const m = meeting();
    const s = AttendanceSession.start({
      id: 's1',
      contactId: CONTACT,
      meeting: m,
      consentGranted: consent,
    });
    return { m, s };
  };
  const ctx = (m: Meeting, consentGranted = true) => ({
    meeting: m,
    consentGranted,
    maxClockSkewMs: 120_000,
  });

  it('refuses to start without consent', () => {
    expect(() => open(false)).toThrow(
      expect.objectContaining({ code: 'ATTENDANCE.CONSENT_REQUIRED' }),
    );
  });

  it('refuses a position without consent, recording nothing', () => {
    const { m, s } = open();
    expect(() => s.reportPosition(report('check_in', start, INSIDE), ctx(m, false))).toThrow(
      expect.objectContaining({ code: 'ATTENDANCE.CONSENT_REQUIRED' }),
    );
    expect(s.newEvents).toHaveLength(0);
  });

  it('a denied check-in is recorded and leaves the session active; a granted one checks in; check-out computes the duration', () => {
    const { m, s } = open();
    const denied = s.reportPosition(
      report('check_in', new Date('2026-12-06T09:01:00Z'), OUTSIDE),
      ctx(m),
    );
    expect(denied.locationFlag).toBe('denied');
    expect(s.snapshot.status).toBe('active');
    const granted = s.reportPosition(
      report('check_in', new Date('2026-12-06T09:02:00Z'), INSIDE),
      ctx(m),
    );
    expect(granted.locationFlag).toBe('granted');
    expect(s.snapshot.status).toBe('checked_in');
    s.reportPosition(report('check_out', new Date('2026-12-06T10:32:30Z'), INSIDE), ctx(m));
    expect(s.snapshot.status).toBe('completed');
    expect(s.snapshot.attendedSeconds).toBe(90 * 60 + 30);
    expect(s.newEvents).toHaveLength(3);
    expect(s.uncommittedEvents.map((e) => e.type)).toEqual([
      'attendance.session.started.v1',
      'attendance.session.event-recorded.v1',
      'attendance.session.event-recorded.v1',
      'attendance.session.event-recorded.v1',
    ]);
  });

  it('flags a skewed client clock and events outside the meeting window, without refusing them', () => {
    const { m, s } = open();
    const early = new Date('2026-12-06T08:30:00Z');
    const e = s.reportPosition(
      report('check_in', early, INSIDE, { tsClient: new Date(early.getTime() - 5 * 60_000) }),
      ctx(m),
    );
    expect(e).toMatchObject({ locationFlag: 'granted', clockSkewed: true, outsideWindow: true });
    const ok = s.reportPosition(
      report('location_update', new Date('2026-12-06T09:30:00Z'), INSIDE, {
        tsClient: new Date('2026-12-06T09:29:30Z'),
      }),
      ctx(m),
    );
    expect(ok).toMatchObject({ clockSkewed: false, outsideWindow: false });
  });

  it('refuses a QR code that is not the current one, also after a rotation', () => {
    const { m, s } = open();
    expect(() =>
      s.reportPosition(report('check_in', start, INSIDE, { qrCode: 'other' }), ctx(m)),
    ).toThrow(expect.objectContaining({ code: 'ATTENDANCE.QR_MISMATCH' }));
    m.rotateQrCode('code-2');
    expect(() =>
      s.reportPosition(report('check_in', start, INSIDE, { qrCode: 'code-1' }), ctx(m)),
    ).toThrow(expect.objectContaining({ code: 'ATTENDANCE.QR_MISMATCH' }));
    expect(
      s.reportPosition(report('check_in', start, INSIDE, { qrCode: 'code-2' }), ctx(m))
        .locationFlag,
    ).toBe('granted');
  });

  it('a timeout (no fix) is recorded without position; check-out before check-in is an invalid transition', () => {
    const { m, s } = open();
    const t = s.reportPosition(report('check_in', start, null), ctx(m));
    expect(t).toMatchObject({
      locationFlag: 'timeout',
      lat: null,
      lng: null,
      accuracy: null,
      distanceMeters: null,
    });
    expect(() => s.reportPosition(report('check_out', start, INSIDE), ctx(m))).toThrow(
      expect.objectContaining({ code: 'SESSION.INVALID_TRANSITION' }),
    );
  });

  it('ended sessions take no more positions', () => {
    const { m, s } = open();
    s.end();
    expect(s.snapshot.status).toBe('ended');
    expect(() => s.reportPosition(report('location_update', start, INSIDE), ctx(m))).toThrow(
      expect.objectContaining({ code: 'SESSION.INVALID_TRANSITION' }),
    );
  });
});
