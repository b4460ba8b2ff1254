import {
  earliestFinding,
  eventBreakOf,
  IntegrityBreak,
  IntegrityBreakReason,
  sortFindings,
} from './ledger-integrity';

const ok = {
  streamVersion: 2,
  prevHash: 'p',
  storedHash: 'h',
  recomputedHash: 'h',
  predecessorHash: 'p',
};

describe('eventBreakOf', () => {
  it('accepts an intact event', () => {
    expect(eventBreakOf(ok)).toBeNull();
    expect(
      eventBreakOf({ ...ok, streamVersion: 1, prevHash: null, predecessorHash: null }),
    ).toBeNull();
  });

  it('names what broke', () => {
    expect(eventBreakOf({ ...ok, recomputedHash: 'other' })).toBe(IntegrityBreak.hashMismatch);
    expect(eventBreakOf({ ...ok, predecessorHash: 'q' })).toBe(IntegrityBreak.chainBroken);
    expect(eventBreakOf({ ...ok, predecessorHash: null })).toBe(IntegrityBreak.versionGap);
    expect(eventBreakOf({ ...ok, streamVersion: 1, predecessorHash: null })).toBe(
      IntegrityBreak.chainBroken,
    );
  });
});

describe('eventBreakOf with a MAC check', () => {
  it('puts a changed hash first, then the MAC, then the chain', () => {
    expect(eventBreakOf({ ...ok, mac: 'valid' })).toBeNull();
    expect(eventBreakOf({ ...ok, mac: 'mismatch' })).toBe(IntegrityBreak.macMismatch);
    expect(eventBreakOf({ ...ok, mac: 'missing' })).toBe(IntegrityBreak.macMissing);
    expect(eventBreakOf({ ...ok, mac: 'unknown-key' })).toBe(IntegrityBreak.macKeyUnknown);
    expect(eventBreakOf({ ...ok, recomputedHash: 'x', mac: 'mismatch' })).toBe(
      IntegrityBreak.hashMismatch,
    );
    expect(eventBreakOf({ ...ok, predecessorHash: 'q', mac: 'mismatch' })).toBe(
      IntegrityBreak.macMismatch,
    );
  });
});

describe('sortFindings', () => {
  it('orders by position as a number, keeping the noted order on a tie', () => {
    const f = (position: string, reason: IntegrityBreakReason) => ({
      position,
      reason,
      sealId: null,
    });
    expect(
      sortFindings([
        f('10', IntegrityBreak.sealDigestMismatch),
        f('9', IntegrityBreak.macMismatch),
        f('10', IntegrityBreak.eventMissing),
      ]),
    ).toEqual([
      f('9', IntegrityBreak.macMismatch),
      f('10', IntegrityBreak.sealDigestMismatch),
      f('10', IntegrityBreak.eventMissing),
    ]);
  });
});

describe('earliestFinding', () => {
  it('keeps the lowest position, the first on a tie', () => {
    const a = { position: '10', reason: IntegrityBreak.hashMismatch, sealId: null };
    const b = { position: '9', reason: IntegrityBreak.sealDigestMismatch, sealId: 's' };
    const c = { position: '10', reason: IntegrityBreak.sealDigestMismatch, sealId: 's' };
    expect(earliestFinding(a, b)).toBe(b);
    expect(earliestFinding(a, c)).toBe(a);
    expect(earliestFinding(null, a)).toBe(a);
    expect(earliestFinding(null, null)).toBeNull();
  });
});
