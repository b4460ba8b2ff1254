import * as pg from 'pg';
import { DescribedResult, describeRows } from './row-shapes';

type Result = DescribedResult & {
  parseRow(values: Array<string | null>): Record<string, unknown>;
};
const newResult = (types: object) => {
  const result = new (
    pg as unknown as { Result: new (mode: undefined, types: object) => Result }
  ).Result(undefined, types);
  return result;
};
const INT4 = 23;
const BOOL = 16;
const TEXT = 25;
const field = (name: string, dataTypeID: number) => ({ name, dataTypeID, format: 'text' });

describe('describeRows', () => {
  const types = pg.types as unknown as object;

  it('reuses the parsers of a named statement while its description is the same', () => {
    const first = newResult(types);
    describeRows(first, 'ol_same', [field('n', INT4), field('ok', BOOL)]);
    const second = newResult(types);
    describeRows(second, 'ol_same', [field('n', INT4), field('ok', BOOL)]);
    expect(second._parsers).toBe(first._parsers);
    expect(second._prebuiltEmptyResultObject).toBe(first._prebuiltEmptyResultObject);
    expect(second.parseRow(['42', 't'])).toEqual({ n: 42, ok: true });
    expect(second.parseRow([null, 'f'])).toEqual({ n: null, ok: false });
  });

  it('describes a changed answer afresh (another type, another name, another column)', () => {
    const before = newResult(types);
    describeRows(before, 'ol_changes', [field('n', INT4)]);
    const retyped = newResult(types);
    describeRows(retyped, 'ol_changes', [field('n', TEXT)]);
    expect(retyped._parsers).not.toBe(before._parsers);
    expect(retyped.parseRow(['42'])).toEqual({ n: '42' });
    const renamed = newResult(types);
    describeRows(renamed, 'ol_changes', [field('m', TEXT)]);
    expect(renamed.parseRow(['42'])).toEqual({ m: '42' });
    const widened = newResult(types);
    describeRows(widened, 'ol_changes', [field('m', TEXT), field('k', INT4)]);
    expect(widened.parseRow(['a', '7'])).toEqual({ m: 'a', k: 7 });
  });

  it('keeps nothing for an unnamed statement, nor across connections’ type parsers', () => {
    const a = newResult(types);
    describeRows(a, undefined, [field('n', INT4)]);
    const b = newResult(types);
    describeRows(b, undefined, [field('n', INT4)]);
    expect(b._parsers).not.toBe(a._parsers);
    const ownTypes = { getTypeParser: () => (v: string) => `own:${v}` };
    const mine = newResult(types);
    describeRows(mine, 'ol_types', [field('n', INT4)]);
    const theirs = newResult(ownTypes);
    describeRows(theirs, 'ol_types', [field('n', INT4)]);
    expect(theirs.parseRow(['1'])).toEqual({ n: 'own:1' });
    expect(mine.parseRow(['1'])).toEqual({ n: 1 });
  });
});
