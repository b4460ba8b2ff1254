import { OAuthProtocolError } from './oauth.errors';

/**
 * The audience of a token: the RFC 8707 `resource` values asked for, each of which must be
 * one the client may obtain, or else the client's default (its first audience).
 */
export function resolveAudience(
  allowed: readonly string[],
  requested: readonly string[],
): string[] {
  if (requested.length === 0) return allowed.slice(0, 1);
  const refused = requested.find((r) => !allowed.includes(r));
  if (refused)
    throw new OAuthProtocolError(
      'invalid_target',
      `resource ${refused.slice(0, 100)} is not an audience this client may obtain`,
    );
  return [...new Set(requested)];
}
