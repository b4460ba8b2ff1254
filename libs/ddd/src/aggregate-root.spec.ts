import { AggregateRoot, assertVersion, isPreconditioned } from './aggregate-root';
import { ConcurrencyError } from './domain-error';

class Thing extends AggregateRoot {
  readonly streamType = 'thing';
  constructor(version: number) {
    super('t-1', version);
  }
}

describe('assertVersion', () => {
  it('lets a write through when no version was expected or the expected one is current', () => {
    expect(() => assertVersion(new Thing(3), undefined)).not.toThrow();
    expect(() => assertVersion(new Thing(3), 3)).not.toThrow();
  });

  it('refuses a stale If-Match as a precondition failure naming the version expected', () => {
    let error: unknown;
    try {
      assertVersion(new Thing(4), 3);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error).toMatchObject({
      code: 'CONCURRENCY.STALE_VERSION',
      kind: 'precondition_failed',
      details: { expectedVersion: 3 },
    });
  });

  it('refuses an expected version ahead of the aggregate too', () => {
    expect(() => assertVersion(new Thing(0), 1)).toThrow(ConcurrencyError);
  });

  it('remembers a checked precondition, so a write that loses a later race answers 412 too', () => {
    const checked = new Thing(3);
    const blind = new Thing(3);
    assertVersion(checked, 3);
    assertVersion(blind, undefined);
    expect(isPreconditioned(checked)).toBe(true);
    expect(isPreconditioned(blind)).toBe(false);
  });
});
