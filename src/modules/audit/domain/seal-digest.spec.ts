import { createHash } from 'node:crypto';
import { canonicalJson } from '@opsledger/event-store';
import { SealDigest } from './seal-digest';

describe('SealDigest', () => {
  it('equals sha256 of the canonical JSON of the whole statement', () => {
    const events: Array<[string, string]> = [
      ['1', 'a'.repeat(64)],
      ['3', 'b'.repeat(64)],
      ['2', 'c'.repeat(64)],
    ];
    for (const prev of [null, 'd'.repeat(64)]) {
      const digest = new SealDigest(prev);
      for (const [position, hash] of events) digest.add(position, hash);
      const expected = createHash('sha256').update(canonicalJson({ events, prev })).digest('hex');
      expect(digest.eventCount).toBe(3);
      expect(digest.finish()).toBe(expected);
    }
  });

  it('depends on order, content and the previous digest', () => {
    const of = (prev: string | null, ...refs: Array<[string, string]>) => {
      const d = new SealDigest(prev);
      refs.forEach(([p, h]) => d.add(p, h));
      return d.finish();
    };
    const base = of(null, ['1', 'x'], ['2', 'y']);
    expect(of(null, ['2', 'y'], ['1', 'x'])).not.toBe(base);
    expect(of(null, ['1', 'x'])).not.toBe(base);
    expect(of('p', ['1', 'x'], ['2', 'y'])).not.toBe(base);
  });
});
