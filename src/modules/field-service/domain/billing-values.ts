import { DomainError, Money } from '@opsledger/ddd';

/** A value of a billing request the domain refuses; `field` names it in the problem's field list. */
export class BillingFieldError extends DomainError {
  constructor(
    code: string,
    field: string,
    message: string,
    kind: 'invalid_input' | 'validation' = 'validation',
  ) {
    super(code, kind, message, { field });
  }
}

/** The request names a work order or customer this tenant does not have. */
export class BillingReferenceNotFoundError extends DomainError {
  constructor(field: 'customerId' | 'workOrderId') {
    const what = field === 'customerId' ? 'customer' : 'work order';
    super(
      `BILLING.UNKNOWN_${what.toUpperCase().replace(' ', '_')}`,
      'validation',
      `${field} does not name a ${what} of this tenant`,
      {
        field,
      },
    );
  }
}

/** `numeric(12, 2)`, the type of every money column of invoices and contracts. */
export const MAX_MONEY = Money.parse('9999999999.99');

/** A decimal quantity (hours "2.50", pieces "3"): at most 6 whole digits and 2 decimals. */
export const QUANTITY_PATTERN = /^\d{1,6}(\.\d{1,2})?$/;

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Fails unless the amount is one the money columns can hold: never negative, never past MAX_MONEY. */
export function assertStorable(money: Money, field: string): Money {
  if (money.isNegative())
    throw new BillingFieldError(
      'BILLING.NEGATIVE_AMOUNT',
      field,
      `${field} must not be negative`,
      'invalid_input',
    );
  if (money.compare(MAX_MONEY) > 0) {
    throw new BillingFieldError(
      'BILLING.AMOUNT_TOO_LARGE',
      field,
      `${field} must be at most ${MAX_MONEY.toString()}`,
    );
  }
  return money;
}

/** Parses a money string ("12.30") that must fit a money column. */
export function storableMoney(value: string, field: string): Money {
  return assertStorable(Money.parse(value, field), field);
}

/**
 * A calendar date as `YYYY-MM-DD`. Dates stay strings end to end: a JavaScript Date would
 * carry a time zone into a column that has none.
 */
export function calendarDate(value: string, field: string): string {
  const match = typeof value === 'string' ? CALENDAR_DATE.exec(value) : null;
  const [year, month, day] = match
    ? [Number(match[1]), Number(match[2]), Number(match[3])]
    : [0, 0, 0];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    !match ||
    year < 1 ||
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  ) {
    throw new BillingFieldError(
      'BILLING.INVALID_DATE',
      field,
      `${field} must be a calendar date like 2026-03-31`,
      'invalid_input',
    );
  }
  return value;
}

/** The UTC calendar date of an instant: due dates and end dates are compared against it. */
export function utcDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Adds whole days to a calendar date. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return utcDate(new Date(Date.UTC(year, month - 1, day + days)));
}

/**
 * price × quantity, rounded half up to the cent. Money.multiplyByDecimal takes at most three
 * whole digits, so the whole part is multiplied exactly and only the fraction is rounded:
 * round(price × whole + price × fraction) = price × whole + round(price × fraction), because the
 * first term is a whole number of cents.
 */
export function multiplyByQuantity(price: Money, quantity: string, field: string): Money {
  if (!QUANTITY_PATTERN.test(quantity)) {
    throw new BillingFieldError(
      'BILLING.INVALID_QUANTITY',
      field,
      `${field} must be a decimal with at most 2 decimals`,
      'invalid_input',
    );
  }
  const [whole, fraction] = quantity.split('.');
  const exact = price.times(Number(whole));
  return fraction ? exact.add(price.multiplyByDecimal(`0.${fraction}`, field)) : exact;
}
