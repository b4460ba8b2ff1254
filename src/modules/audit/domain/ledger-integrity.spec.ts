import { earliestFinding, eventBreakOf, IntegrityBreak } from './ledger-integrity';

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
