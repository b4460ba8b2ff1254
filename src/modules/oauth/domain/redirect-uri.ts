const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
export const MAX_URI_LENGTH = 500;

/**
 * Why a redirect URI may not be registered, or null when it may: an absolute https URL, or
 * plain http to a loopback host (development, native apps); never a fragment, credentials
 * or a wildcard. Matching at authorization time is exact string equality.
 */
export function redirectUriProblem(value: string): string | null {
  if (value.length > MAX_URI_LENGTH) return `must be at most ${MAX_URI_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname))
    return 'must use https (plain http only for 127.0.0.1 or localhost)';
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return 'must use https (plain http only for 127.0.0.1 or localhost)';
  if (value.includes('#')) return 'must not contain a fragment';
  if (url.username || url.password) return 'must not contain credentials';
  if (value.includes('*')) return 'must not contain a wildcard';
  return null;
}
