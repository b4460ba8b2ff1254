import { InvalidObjectKeyError } from './object-storage.errors';

const SEGMENT = /^[A-Za-z0-9_=-][A-Za-z0-9._=-]*$/;
export const MAX_KEY_LENGTH = 512;

/**
 * A key is `/`-separated segments of `A-Z a-z 0-9 . _ - =`, none empty and none starting with
 * a dot (so no `.`, `..` or hidden names: the disk adapter keeps its temporary files under a
 * dot-folder no key can reach). The same rule holds for every adapter, so a key that works on
 * disk works on S3 and the other way round.
 */
export function assertValidKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) throw new InvalidObjectKeyError('empty');
  if (key.length > MAX_KEY_LENGTH)
    throw new InvalidObjectKeyError(`longer than ${MAX_KEY_LENGTH} characters`);
  for (const segment of key.split('/')) {
    if (!SEGMENT.test(segment))
      throw new InvalidObjectKeyError(
        'segments are letters, digits, ".", "_", "-" or "=", not empty and not starting with "."',
      );
  }
}

/**
 * A prefix is a key, optionally ending with `/` (everything below a folder) or cut anywhere
 * in its last segment. `deletePrefix` refuses the empty prefix: it would mean everything.
 */
export function assertValidPrefix(prefix: string, { allowEmpty }: { allowEmpty: boolean }): void {
  if (prefix === '') {
    if (allowEmpty) return;
    throw new InvalidObjectKeyError('an empty prefix would match every object');
  }
  const trimmed = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  assertValidKey(trimmed);
}
