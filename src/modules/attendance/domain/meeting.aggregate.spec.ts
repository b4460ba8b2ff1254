import { Meeting } from './meeting.aggregate';

const create = () => {
  const meeting = Meeting.create({
    id: 'm1',
    tenantId: 't1',
    name: 'Briefing',
    address: '1 Market St',
    lat: 10,
    lng: 20,
    startTime: new Date('2030-01-01T09:00:00Z'),
    endTime: new Date('2030-01-01T10:00:00Z'),
    qrCode: 'q',
    createdBy: null,
  });
  meeting.markCommitted();
  return meeting;
};

describe('Meeting', () => {
  it('records only the changed fields, new in the payload and old in previous', () => {
    const meeting = create();
    meeting.change({ name: ' Briefing ', radiusMeters: 250, endTime: null, lat: 11 });
    const [event] = meeting.uncommittedEvents;
    expect(event.payload).toEqual({ radiusMeters: 250, endTime: null, lat: 11 });
    expect(event.previous).toEqual({
      radiusMeters: 100,
      endTime: '2030-01-01T10:00:00.000Z',
      lat: 10,
    });
    expect(meeting.fence).toEqual({ lat: 11, lng: 20, radiusMeters: 250 });
    expect(meeting.isOutsideWindow(new Date('2031-01-01T00:00:00Z'))).toBe(false);
  });

  it('records nothing when every value is the one it has', () => {
    const meeting = create();
    meeting.change({ name: 'Briefing', startTime: new Date('2030-01-01T09:00:00Z') });
    meeting.change({});
    expect(meeting.uncommittedEvents).toEqual([]);
  });

  it('refuses a result that is not a valid meeting, changing nothing', () => {
    const meeting = create();
    for (const changes of [
      { lat: 90.5 },
      { lng: -181 },
      { radiusMeters: 0 },
      { radiusMeters: Number.NaN },
      { name: '  ' },
      { address: 'x'.repeat(501) },
    ])
      expect(() => meeting.change(changes)).toThrow(
        expect.objectContaining({ code: 'ATTENDANCE.INVALID_FIELD' }),
      );
    expect(() => meeting.change({ startTime: new Date('2030-01-01T10:30:00Z') })).toThrow(
      expect.objectContaining({ code: 'MEETING.INVALID_WINDOW' }),
    );
    expect(meeting.uncommittedEvents).toEqual([]);
    expect(meeting.snapshot).toMatchObject({ lat: 10, radiusMeters: 100, name: 'Briefing' });
  });

  it('deactivates once', () => {
    const meeting = create();
    meeting.deactivate();
    meeting.deactivate();
    expect(meeting.uncommittedEvents.map((e) => e.type)).toEqual([
      'attendance.meeting.deactivated.v1',
    ]);
    expect(meeting.snapshot.isActive).toBe(false);
  });
});
