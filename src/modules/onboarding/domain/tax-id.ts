import { InvalidOnboardingFieldError } from './onboarding.errors';

/** An SSN (123-45-6789) or an EIN (12-3456789), dashes optional. */
export const TAX_ID_PATTERN = /^(?:\d{3}-?\d{2}-?\d{4}|\d{2}-?\d{7})$/;

/** The one way a tax id is shown unless revealed: its last four digits only. */
export const maskTaxId = (last4: string): string => `***-**-${last4}`;

/** A tax id as typed (trimmed), checked; its plain value never leaves the command that seals it. */
export class TaxId {
  private constructor(
    readonly value: string,
    readonly last4: string,
  ) {}

  static parse(input: string): TaxId {
    const value = input.trim();
    // the message never repeats the value
    if (!TAX_ID_PATTERN.test(value))
      throw new InvalidOnboardingFieldError(
        'taxId',
        'taxId must be an SSN (123-45-6789) or an EIN (12-3456789)',
      );
    const digits = value.replace(/-/g, '');
    return new TaxId(value, digits.slice(-4));
  }

  /** Never serialised by accident (logs, JSON). */
  toJSON(): string {
    return maskTaxId(this.last4);
  }

  toString(): string {
    return maskTaxId(this.last4);
  }
}

/** A tax id as stored: ciphertext and the last four digits. */
export interface SealedTaxId {
  sealed: string;
  last4: string;
}
