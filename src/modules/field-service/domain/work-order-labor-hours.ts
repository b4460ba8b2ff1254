import { Money } from '@opsledger/ddd';
import { InvalidWorkOrderFieldError } from './work-order.errors';

/** numeric(6, 2): up to 9999.99 hours, at most two decimals. */
const HOURS = /^\d{1,4}(\.\d{1,2})?$/;

/**
 * Hours worked on an order, exact: held as hundredths of an hour (an integer), never as a
 * floating-point number, and priced with Money's decimal multiplication.
 */
export class LaborHours {
  private constructor(readonly hundredths: number) {}

  static parse(value: string, field = 'laborHours'): LaborHours {
    if (typeof value !== 'string' || !HOURS.test(value)) {
      throw new InvalidWorkOrderFieldError(
        field,
        `${field} must be a decimal string of hours with at most 2 decimals, below 10000`,
      );
    }
    const [whole, fraction = ''] = value.split('.');
    return new LaborHours(Number(whole) * 100 + Number(fraction.padEnd(2, '0')));
  }

  add(other: LaborHours): LaborHours {
    return new LaborHours(this.hundredths + other.hundredths);
  }

  /**
   * The labour cost at an hourly rate, rounded half up to the cent (away from zero). Integer
   * arithmetic on cents × hundredths, since Money's decimal factor stops at 999.
   */
  costAt(hourlyRate: Money): Money {
    const product = hourlyRate.cents * BigInt(this.hundredths);
    const sign = product < 0n ? -1n : 1n;
    return Money.ofCents(((product * sign + 50n) / 100n) * sign);
  }

  /** "2.50": the form stored in numeric(6, 2) and sent in JSON. */
  toString(): string {
    return `${Math.trunc(this.hundredths / 100)}.${String(this.hundredths % 100).padStart(2, '0')}`;
  }

  toJSON(): string {
    return this.toString();
  }
}
