import { getMetadataStorage, IsInt, IsString, MaxLength, validate } from 'class-validator';
import { cacheValidationMetadata } from './validation-metadata.cache';

class Base {
  @IsString()
  name!: unknown;
}

class Derived extends Base {
  @IsInt()
  count!: unknown;
}

const fieldsOf = async (value: object) =>
  (await validate(value)).map((e) => [e.property, Object.keys(e.constraints ?? {})]);

describe('cacheValidationMetadata', () => {
  beforeAll(() => cacheValidationMetadata());

  it('validates as before: own and inherited rules, every time', async () => {
    const bad = Object.assign(new Derived(), { name: 1, count: 'x' });
    const expected = [
      ['count', ['isInt']],
      ['name', ['isString']],
    ];
    expect(await fieldsOf(bad)).toEqual(expected);
    expect(await fieldsOf(bad)).toEqual(expected);
    expect(await fieldsOf(Object.assign(new Derived(), { name: 'a', count: 2 }))).toEqual([]);
    expect(await fieldsOf(Object.assign(new Base(), { name: 2 }))).toEqual([
      ['name', ['isString']],
    ]);
  });

  it('asks class-validator once per class and options, and again after a rule is added', async () => {
    const storage = getMetadataStorage();
    cacheValidationMetadata(storage); // a second call changes nothing
    const value = Object.assign(new Derived(), { name: 'a', count: 1 });
    await validate(value);
    const walk = jest.spyOn(Map.prototype, 'entries');
    await validate(value);
    await validate(value);
    // the uncached lookup walks every class's rules (Map.entries) on each call
    expect(walk).not.toHaveBeenCalled();
    walk.mockRestore();

    // a rule added later (a decorator applied at run time) is seen at once
    MaxLength(3)(Derived.prototype, 'name');
    expect(await fieldsOf(Object.assign(new Derived(), { name: 'abcd', count: 1 }))).toEqual([
      ['name', ['maxLength']],
    ]);
  });
});
