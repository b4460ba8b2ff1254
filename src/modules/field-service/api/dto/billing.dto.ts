import { IsISO8601, IsString, Matches } from 'class-validator';

/** Money in requests: a JSON string with at most 10 whole digits and 2 decimals (numeric(12, 2)). */
export const MONEY_PATTERN = /^\d{1,10}(\.\d{1,2})?$/;
export const MONEY_EXAMPLE = '120.50';
/** A tax rate as a fraction between 0 and 1 with at most 6 decimals: "0.0825" is 8.25 %. */
export const TAX_RATE_PATTERN = /^(0(\.\d{1,6})?|1(\.0{1,6})?)$/;
/** A decimal quantity: hours "2.50" or pieces "3". */
export const QUANTITY_PATTERN = /^\d{1,6}(\.\d{1,2})?$/;
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Money travels as a string so no floating point ever touches it: 12.5 as a number is refused. */
export function IsMoneyString(): PropertyDecorator {
  return (target, key) => {
    IsString({
      message: `${String(key)} must be a string such as "${MONEY_EXAMPLE}" (money is never a JSON number)`,
    })(target, key);
    Matches(MONEY_PATTERN, {
      message: `${String(key)} must be a non-negative amount with at most 2 decimals, such as "${MONEY_EXAMPLE}"`,
    })(target, key);
  };
}

/** A calendar date `YYYY-MM-DD` that exists (2026-02-30 does not). */
export function IsCalendarDate(): PropertyDecorator {
  return (target, key) => {
    const message = `${String(key)} must be a date like 2026-03-31`;
    IsString({ message })(target, key);
    Matches(DATE_PATTERN, { message })(target, key);
    IsISO8601({ strict: true }, { message })(target, key);
  };
}
