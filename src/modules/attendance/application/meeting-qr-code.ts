import { randomBytes } from 'node:crypto';

/** A fresh venue code: 24 random bytes, 32 URL-safe characters (fits spec 004's 100). */
export function newMeetingQrCode(): string {
  return randomBytes(24).toString('base64url');
}
