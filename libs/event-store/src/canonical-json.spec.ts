import { canonicalJson, toJsonValue } from './canonical-json';

describe('canonicalJson', () => {
  it('encodes without whitespace, keys sorted at every depth', () => {
    expect(canonicalJson({ b: 1, a: [1, { d: 2, c: 'x y' }], c: { z: true, y: null } })).toBe(
      '{"a":[1,{"c":"x y","d":2}],"b":1,"c":{"y":null,"z":true}}',
    );
  });

  it('is independent of key insertion order', () => {
    const one = {
      tenant: 't1',
      payload: { name: 'n', tags: ['a', 'b'], nested: { x: 1, y: 2 } },
      version: 3,
    };
    const other = {
      version: 3,
      payload: { nested: { y: 2, x: 1 }, tags: ['a', 'b'], name: 'n' },
      tenant: 't1',
    };
    expect(canonicalJson(other)).toBe(canonicalJson(one));
    // ...but array order is meaningful
    expect(canonicalJson({ tags: ['b', 'a'] })).not.toBe(canonicalJson({ tags: ['a', 'b'] }));
  });

  it('is stable across a jsonb-like round trip that reorders keys', () => {
    const value = { zeta: 1, alpha: { b: [3, 2, 1], a: 'é€😀' }, mid: null };
    const reordered = JSON.parse(
      JSON.stringify(value, Object.keys(value).reverse().concat('a', 'b')),
    ) as unknown;
    expect(canonicalJson(reordered)).toBe(canonicalJson(value));
  });

  it('drops undefined object members, so a missing and an undefined field encode alike', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson({ outer: { keep: 0, drop: undefined } })).toBe('{"outer":{"keep":0}}');
  });

  it('encodes undefined array items and a top-level undefined as null, like JSON does', () => {
    expect(canonicalJson([1, undefined, 3])).toBe('[1,null,3]');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson(null)).toBe('null');
  });

  it('encodes dates as ISO strings, nested too', () => {
    const d = new Date('2025-01-02T03:04:05.678Z');
    expect(canonicalJson(d)).toBe('"2025-01-02T03:04:05.678Z"');
    expect(canonicalJson({ at: d, list: [d] })).toBe(
      '{"at":"2025-01-02T03:04:05.678Z","list":["2025-01-02T03:04:05.678Z"]}',
    );
    // a Date and its ISO string are the same value once stored as JSON
    expect(canonicalJson({ at: d })).toBe(canonicalJson({ at: d.toISOString() }));
  });

  it('encodes non-finite numbers as null and bigints as strings', () => {
    expect(canonicalJson({ a: Number.NaN, b: Number.POSITIVE_INFINITY, c: 10n })).toBe(
      '{"a":null,"b":null,"c":"10"}',
    );
  });

  it('escapes strings and keys exactly like JSON', () => {
    expect(canonicalJson({ 'quote"key': 'line\nbreak "q"' })).toBe(
      '{"quote\\"key":"line\\nbreak \\"q\\""}',
    );
  });

  it('encodes what JSON.parse reads back to the same value', () => {
    const value = { b: [1, 'two', { c: false }], a: { d: null, e: 1.5 } };
    expect(JSON.parse(canonicalJson(value))).toEqual(value);
  });

  it('distinguishes values that only differ in type', () => {
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
    expect(canonicalJson({ a: null })).not.toBe(canonicalJson({}));
  });
});

describe('toJsonValue', () => {
  it('round-trips through JSON: undefined dropped, dates become ISO strings', () => {
    const d = new Date('2025-05-06T07:08:09.010Z');
    expect(toJsonValue({ a: undefined, b: d, c: [undefined] })).toEqual({
      b: '2025-05-06T07:08:09.010Z',
      c: [null],
    });
    expect(toJsonValue(undefined)).toBeNull();
  });

  it('hashes the same before and after the round trip', () => {
    const value = { when: new Date('2025-05-06T07:08:09.010Z'), skip: undefined, n: 1 };
    expect(canonicalJson(toJsonValue(value))).toBe(canonicalJson(value));
  });
});
