import { DomainError } from './domain-error';

const DECIMAL = /^-?\d{1,13}(\.\d{1,2})?$/;
const RATE = /^\d{1,3}(\.\d{1,6})?$/;

/**
 * An exact amount with two decimal places, held as integer cents (bigint): no floating
 * point anywhere between the JSON string that comes in and the numeric column it goes to.
 */
export class Money {
  private constructor(readonly cents: bigint) {}

  static readonly ZERO = new Money(0n);

  /** Parses "123.45" (a string, as money travels in JSON); `field` names it in the error. */
  static parse(value: string, field = 'amount'): Money {
    if (typeof value !== 'string' || !DECIMAL.test(value)) {
      throw new DomainError(
        'MONEY.INVALID',
        'invalid_input',
        `${field} must be a decimal string with at most 2 decimals`,
        { field },
      );
    }
    const negative = value.startsWith('-');
    const [whole, fraction = ''] = value.replace('-', '').split('.');
    const cents = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
    return new Money(negative ? -cents : cents);
  }

  static ofCents(cents: bigint): Money {
    return new Money(cents);
  }

  add(other: Money): Money {
    return new Money(this.cents + other.cents);
  }

  subtract(other: Money): Money {
    return new Money(this.cents - other.cents);
  }

  times(quantity: number): Money {
    if (!Number.isInteger(quantity))
      throw new Error('Money.times takes a whole quantity; use multiplyByDecimal');
    return new Money(this.cents * BigInt(quantity));
  }

  /** Multiplies by a decimal string (hours "1.5", a tax rate "0.0825"), rounding half up to the cent. */
  multiplyByDecimal(decimal: string, field = 'rate'): Money {
    if (!RATE.test(decimal)) {
      throw new DomainError(
        'MONEY.INVALID_RATE',
        'invalid_input',
        `${field} must be a non-negative decimal with at most 6 decimals`,
        { field },
      );
    }
    const [whole, fraction = ''] = decimal.split('.');
    const scale = 10n ** BigInt(fraction.length);
    const factor = BigInt(whole) * scale + BigInt(fraction || '0');
    const product = this.cents * factor;
    const sign = product < 0n ? -1n : 1n;
    const abs = product * sign;
    const rounded = (abs + scale / 2n) / scale;
    return new Money(rounded * sign);
  }

  isNegative(): boolean {
    return this.cents < 0n;
  }

  equals(other: Money): boolean {
    return this.cents === other.cents;
  }

  compare(other: Money): number {
    return this.cents === other.cents ? 0 : this.cents < other.cents ? -1 : 1;
  }

  /** "1234.50": the form stored in numeric columns and sent in JSON. */
  toString(): string {
    const sign = this.cents < 0n ? '-' : '';
    const abs = this.cents < 0n ? -this.cents : this.cents;
    return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
  }

  toJSON(): string {
    return this.toString();
  }
}
