import { contentDisposition, parseRangeHeader, resolveRange } from './object-storage.rules';
import { RangeNotSatisfiableError } from './object-storage.errors';

describe('parseRangeHeader', () => {
  it('reads a closed, an open and a suffix range', () => {
    expect(parseRangeHeader('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(parseRangeHeader('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRangeHeader('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRangeHeader('bytes=-1000', 100)).toEqual({ start: 0, end: 99 });
    expect(parseRangeHeader('bytes=50-5000', 100)).toEqual({ start: 50, end: 99 });
  });

  it('ignores what it may ignore: no header, another unit, several ranges, nonsense', () => {
    for (const header of [
      undefined,
      '',
      'items=0-1',
      'bytes=0-1,5-6',
      'bytes=-',
      'bytes=a-b',
      'bytes=9-2',
    ])
      expect(parseRangeHeader(header, 100)).toBeNull();
  });

  it('refuses a range outside the object with 416', () => {
    for (const header of ['bytes=100-', 'bytes=100-200', 'bytes=-0'])
      expect(() => parseRangeHeader(header, 100)).toThrow(RangeNotSatisfiableError);
    expect(() => parseRangeHeader('bytes=-5', 0)).toThrow(RangeNotSatisfiableError);
  });
});

describe('resolveRange', () => {
  it('refuses negative or fractional offsets', () => {
    expect(() => resolveRange({ start: -1 }, 10)).toThrow('non-negative integers');
    expect(() => resolveRange({ start: 1.5 }, 10)).toThrow('non-negative integers');
  });
});

describe('contentDisposition', () => {
  it('offers an ASCII name and the exact UTF-8 one, with quotes and parentheses escaped', () => {
    expect(contentDisposition('Rechnung "März" (1).pdf')).toBe(
      `attachment; filename="Rechnung _M_rz_ (1).pdf"; filename*=UTF-8''Rechnung%20%22M%C3%A4rz%22%20%281%29.pdf`,
    );
  });
});
