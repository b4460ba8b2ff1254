import {
  decodeCursor,
  encodeCursor,
  parseFilter,
  parseTenantId,
  toJsonDocument,
  valueAt,
} from './document-query.parser';
import { InvalidCursorError } from './invalid-cursor.error';
import { InvalidDocumentQueryError } from './invalid-document-query.error';

describe('document query parsing', () => {
  it('refuses a NUL character but not the text "\\u0000"', () => {
    expect(() => toJsonDocument({ a: 'x\u0000y' })).toThrow(InvalidDocumentQueryError);
    expect(() => toJsonDocument({ a: { b: ['\\\u0000'] } })).toThrow(InvalidDocumentQueryError);
    expect(toJsonDocument({ a: '\\u0000' }).value).toEqual({ a: '\\u0000' });
    expect(toJsonDocument({ a: '\\\\u0000' }).value).toEqual({ a: '\\\\u0000' });
  });

  it('refuses documents that are not JSON objects', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const doc of [cyclic, { n: BigInt(1) }, new Date(), [], null, 'text']) {
      expect(() => toJsonDocument(doc)).toThrow(InvalidDocumentQueryError);
    }
  });

  it('round-trips cursors and keeps sorted and unsorted ones apart', () => {
    const sorted = encodeCursor(true, { value: 'ü "quoted"', id: 'id/1' });
    expect(decodeCursor(sorted, true)).toEqual({ value: 'ü "quoted"', id: 'id/1' });
    expect(() => decodeCursor(sorted, false)).toThrow(InvalidCursorError);
    const unsorted = encodeCursor(false, { value: 42, id: 'x' });
    expect(decodeCursor(unsorted, false)).toEqual({ value: null, id: 'x' });
    expect(() => decodeCursor(unsorted, true)).toThrow(InvalidCursorError);
    expect(decodeCursor(encodeCursor(true, { value: undefined, id: 'x' }), true)).toEqual({
      value: null,
      id: 'x',
    });
  });

  it('reads values at dotted paths, null when any step is missing or not an object', () => {
    const doc = { a: { b: { c: 0 } }, l: [{ x: 1 }], n: null };
    expect(valueAt(doc, ['a', 'b', 'c'])).toBe(0);
    expect(valueAt(doc, ['a', 'x'])).toBeNull();
    expect(valueAt(doc, ['l', 'x'])).toBeNull();
    expect(valueAt(doc, ['n', 'x'])).toBeNull();
  });

  it('ignores operators explicitly set to undefined, and lower-cases tenant ids', () => {
    expect(parseFilter({ a: { gte: 1, lt: undefined } })).toEqual([
      { kind: 'range', path: { field: 'a', segments: ['a'] }, op: 'gte', value: 1 },
    ]);
    expect(parseTenantId({ tenantId: 'ABCDEF01-2345-6789-ABCD-EF0123456789' })).toBe(
      'abcdef01-2345-6789-abcd-ef0123456789',
    );
    expect(parseTenantId({})).toBeNull();
  });
});
