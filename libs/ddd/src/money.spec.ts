import { DomainError } from './domain-error';
import { Money } from './money';

describe('Money', () => {
  it('adds awkward values exactly (no 0.1 + 0.2 drift)', () => {
    expect(Money.parse('0.10').add(Money.parse('0.20')).toString()).toBe('0.30');
    expect(Money.parse('19.99').times(3).toString()).toBe('59.97');
    expect(Money.parse('9999999999999.99').add(Money.parse('0.01')).toString()).toBe(
      '10000000000000.00',
    );
  });

  it('rounds half up to the cent when multiplying by a decimal', () => {
    expect(Money.parse('100.00').multiplyByDecimal('0.0825').toString()).toBe('8.25');
    expect(Money.parse('0.05').multiplyByDecimal('0.5').toString()).toBe('0.03');
    expect(Money.parse('85.50').multiplyByDecimal('1.75').toString()).toBe('149.63');
    expect(Money.parse('-0.05').multiplyByDecimal('0.5').toString()).toBe('-0.03');
  });

  it('formats with two decimals', () => {
    expect(Money.parse('5').toString()).toBe('5.00');
    expect(Money.parse('5.5').toString()).toBe('5.50');
    expect(JSON.stringify({ total: Money.parse('12.3') })).toBe('{"total":"12.30"}');
  });

  it.each(['1.234', 'abc', '1e3', '', ' 1.00', '1,00'])('refuses %p naming the field', (value) => {
    expect(() => Money.parse(value, 'amount')).toThrow(DomainError);
    try {
      Money.parse(value, 'tax');
    } catch (e) {
      expect((e as DomainError).details?.field).toBe('tax');
    }
  });
});
