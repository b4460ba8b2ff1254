import { inspect } from 'node:util';
import { DomainError } from '@opsledger/ddd';
import { ApiKeySecret } from './api-key-secret';

describe('ApiKeySecret', () => {
  const value = 'sk-abcdefghijklmnopqrstuvwxyz0123';

  it('shows its last four characters and reveals the rest only on request', () => {
    const secret = ApiKeySecret.of(value);
    expect(secret.lastFour).toBe('0123');
    expect(secret.reveal()).toBe(value);
  });

  it('never serialises the key: JSON, string conversion and inspection answer a marker', () => {
    const secret = ApiKeySecret.of(value);
    expect(JSON.stringify({ secret })).toBe('{"secret":"[redacted]"}');
    expect(`${String(secret)}`).toBe('[redacted]');
    expect(inspect({ command: { secret } }, { depth: 5, showHidden: true })).not.toContain(value);
    expect(Object.keys(secret)).toEqual([]);
  });

  it.each([
    ['too short', 'sk-1234'],
    ['too long', 'x'.repeat(513)],
    ['with a space', 'sk-abc def-ghijkl'],
    ['with a newline', 'sk-abcdefgh\nijkl'],
    ['non-ASCII', 'sk-abcdéfghijkl'],
  ])('refuses a key %s, naming the field and never quoting it', (_name, bad) => {
    try {
      ApiKeySecret.of(bad);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).details?.field).toBe('key');
      expect((error as DomainError).message).not.toContain(bad);
    }
  });
});
