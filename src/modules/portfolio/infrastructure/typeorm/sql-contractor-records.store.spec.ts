import { timeOrderedUuid } from './sql-contractor-records.store';

describe('time-ordered ids of imported rows', () => {
  it('are version 7 UUIDs that sort by the time they were made', () => {
    const earlier = timeOrderedUuid(Date.UTC(2026, 11, 6, 21, 0, 0, 1));
    const later = timeOrderedUuid(Date.UTC(2026, 11, 6, 21, 0, 0, 2));
    for (const id of [earlier, later])
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(earlier < later).toBe(true);
    // the first 48 bits are the milliseconds since the epoch
    expect(parseInt(earlier.replace(/-/g, '').slice(0, 12), 16)).toBe(
      Date.UTC(2026, 11, 6, 21, 0, 0, 1),
    );
  });

  it('differ within one millisecond', () => {
    const now = Date.now();
    const ids = new Set(Array.from({ length: 1000 }, () => timeOrderedUuid(now)));
    expect(ids.size).toBe(1000);
  });
});
