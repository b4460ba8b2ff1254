import { WeakPasswordError } from './identity.errors';

/** NIST 800-63B style: length over composition rules; 12 to 256 characters. */
export function assertPasswordAcceptable(password: string, email?: string): void {
  if (password.length < 12) throw new WeakPasswordError('must be at least 12 characters long');
  if (password.length > 256) throw new WeakPasswordError('must be at most 256 characters long');
  if (
    email &&
    password.toLowerCase().includes(email.split('@')[0].toLowerCase()) &&
    email.split('@')[0].length >= 4
  ) {
    throw new WeakPasswordError('must not contain the email address');
  }
}
