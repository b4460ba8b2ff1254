/**
 * The scopes the provider knows, in the order they are shown and issued. `api` lets a token
 * act on the OpsLedger API with the user's roles; without it a token carries no role.
 */
export const SUPPORTED_SCOPES = ['openid', 'profile', 'email', 'offline_access', 'api'] as const;
export type Scope = (typeof SUPPORTED_SCOPES)[number];

export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  openid: 'Confirm who you are (your account identifier)',
  profile: 'See your name and username',
  email: 'See your email address and whether it is verified',
  offline_access: 'Stay signed in: keep access while you are away',
  api: 'Use the OpsLedger API on your behalf, with your roles',
};

export const isSupportedScope = (value: string): value is Scope =>
  (SUPPORTED_SCOPES as readonly string[]).includes(value);

/** Splits a space-delimited `scope` parameter into distinct values. */
export function parseScope(raw: string | undefined | null): string[] {
  if (!raw) return [];
  return [...new Set(raw.split(' ').filter((s) => s.length > 0))];
}

/** The requested scopes the client may have, in canonical order. */
export function intersectScopes(requested: readonly string[], allowed: readonly string[]): Scope[] {
  return SUPPORTED_SCOPES.filter((s) => requested.includes(s) && allowed.includes(s));
}

export const formatScope = (scopes: readonly string[]) => scopes.join(' ');
