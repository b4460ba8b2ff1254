import { DomainError, Money } from '@opsledger/ddd';
import { LaborHours } from './work-order-labor-hours';

describe('LaborHours', () => {
  it('parses and prints exact hundredths of an hour', () => {
    expect(LaborHours.parse('2').toString()).toBe('2.00');
    expect(LaborHours.parse('2.5').toString()).toBe('2.50');
    expect(LaborHours.parse('0.01').hundredths).toBe(1);
    expect(LaborHours.parse('9999.99').toString()).toBe('9999.99');
    expect(JSON.stringify({ laborHours: LaborHours.parse('1.1') })).toBe('{"laborHours":"1.10"}');
  });

  it('adds without floating-point drift (0.1 + 0.2 is 0.30)', () => {
    expect(LaborHours.parse('0.1').add(LaborHours.parse('0.2')).toString()).toBe('0.30');
    expect(LaborHours.parse('1.15').add(LaborHours.parse('2.85')).toString()).toBe('4.00');
  });

  it.each([
    ['85.50', '2.50', '213.75'],
    ['85.50', '1.75', '149.63'],
    ['19.99', '0.33', '6.60'],
    ['0.05', '0.50', '0.03'],
    ['120.00', '0.00', '0.00'],
    ['99999999.99', '9999.99', '999998999900.00'],
    ['33.33', '1500.01', '49995.33'],
  ])('costs %s an hour × %s hours = %s, rounded half up to the cent', (rate, hours, cost) => {
    expect(LaborHours.parse(hours).costAt(Money.parse(rate)).toString()).toBe(cost);
  });

  it('agrees with Money.multiplyByDecimal where both apply', () => {
    for (const [rate, hours] of [
      ['85.50', '2.50'],
      ['19.99', '0.33'],
      ['7.77', '123.45'],
    ]) {
      expect(LaborHours.parse(hours).costAt(Money.parse(rate)).toString()).toBe(
        Money.parse(rate).multiplyByDecimal(hours).toString(),
      );
    }
  });

  it.each(['', '1.234', '-1', '10000', '1e2', ' 1', '1,5', 'abc', '.5'])(
    'refuses %p naming laborHours',
    (value) => {
      expect(() => LaborHours.parse(value)).toThrow(DomainError);
      try {
        LaborHours.parse(value);
      } catch (e) {
        expect(e).toMatchObject({ kind: 'invalid_input', details: { field: 'laborHours' } });
      }
    },
  );
});
