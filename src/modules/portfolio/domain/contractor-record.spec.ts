import { isoDate } from './contractor-record';

describe('isoDate', () => {
  it.each([
    ['20240131', '2024-01-31'],
    ['2024-01-31', '2024-01-31'],
    ['2024-01-31T10:00:00Z', '2024-01-31'],
    [' 20240229 ', '2024-02-29'], // a leap year
    ['20000229', '2000-02-29'], // divisible by 400
    ['2023-12-31', '2023-12-31'],
    ['2023-04-30', '2023-04-30'],
  ])('reads %j as %s', (input, expected) => expect(isoDate(input)).toBe(expected));

  it.each([
    ['20230229'], // not a leap year
    ['19000229'], // divisible by 100, not by 400
    ['2023-04-31'], // April has 30 days
    ['2023-13-01'],
    ['2023-00-10'],
    ['2023-01-00'],
    ['2023-1-5'],
    ['202401311'],
    ['31/01/2024'],
    [''],
    [null],
    [20240131.5],
  ])('refuses %j', (input) => expect(isoDate(input)).toBeNull());
});
