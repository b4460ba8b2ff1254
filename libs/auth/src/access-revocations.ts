import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@opsledger/ddd';
import type { Actor } from '@opsledger/persistence';
import { AUTH_OPTIONS, AuthOptions } from './token-issuer';

/** One recorded change that takes access away (a row of `access_revocations`). */
export interface AccessRevocation {
  id: number;
  kind: 'session' | 'access_token' | 'user' | 'user_role' | 'client' | 'membership';
  /** Session id, token id (`jti`), user id, or client id (`client_id`). */
  subject: string;
  tenantId: string | null;
  /** `inactive`/`active` (user, client), the role (user_role, membership; null: removed). */
  value: string | null;
  /** Epoch milliseconds. */
  changedAt: number;
}

/** What the guard reads of a verified token. */
export interface RevocableClaims {
  sub: string;
  jti?: string;
  sid?: string | null;
  tid?: string | null;
  client_id?: string;
  typ?: 'user' | 'client';
}

interface Entry {
  id: number;
  value: string | null;
  until: number;
}

/** Clock skew between instances and the database that an entry outlives the token TTL by. */
export const REVOCATION_SKEW_MS = 60_000;

const revoked = (detail: string) =>
  new DomainError('AUTH.TOKEN_REVOKED', 'unauthorized', `invalid_token: ${detail}`);

/**
 * Every instance's memory of what was taken away recently: revoked sessions and access
 * tokens, deactivated users and clients, changed platform roles and tenant memberships. The
 * guard consults it on every request (map lookups, no database); AccessRevocationFeed keeps
 * it current. An entry lives as long as a token issued before it can (the access token TTL
 * plus a minute of clock skew): after that every such token has expired by itself.
 */
@Injectable()
export class AccessRevocations {
  private readonly entries = new Map<string, Entry>();
  private readonly keepMs: number;

  constructor(@Inject(AUTH_OPTIONS) options: AuthOptions) {
    this.keepMs = options.accessTokenTtlSeconds * 1000 + REVOCATION_SKEW_MS;
  }

  /** How long a change is remembered (and kept in the table) after it happened. */
  get retentionMs(): number {
    return this.keepMs;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Records a change; an older one for the same subject (a late reload) never wins. */
  apply(change: AccessRevocation): void {
    const until = change.changedAt + this.keepMs;
    if (until <= Date.now()) return;
    const key = AccessRevocations.key(change.kind, change.subject, change.tenantId);
    const known = this.entries.get(key);
    if (known && known.id >= change.id) return;
    this.entries.set(key, { id: change.id, value: change.value, until });
  }

  /** Forgets what no living token can be affected by any more. */
  prune(now = Date.now()): void {
    for (const [key, entry] of this.entries) if (entry.until <= now) this.entries.delete(key);
  }

  /**
   * The actor a verified token may act as now: refused (401 invalid_token) when its token,
   * session, user or client was revoked or its tenant membership ended; with the current
   * platform and tenant role when those changed since it was issued (a demotion then answers
   * 403 on the routes the old role reached).
   */
  admit(claims: RevocableClaims, actor: Actor): Actor {
    const now = Date.now();
    const live = (
      kind: AccessRevocation['kind'],
      subject: string,
      tenantId: string | null = null,
    ) => {
      const entry = this.entries.get(AccessRevocations.key(kind, subject, tenantId));
      return entry && entry.until > now ? entry : undefined;
    };
    if (claims.jti && live('access_token', claims.jti)) throw revoked('the token was revoked');
    if (claims.sid && live('session', claims.sid)) throw revoked('the session was revoked');
    if (claims.client_id && live('client', claims.client_id)?.value === 'inactive')
      throw revoked('the client was deactivated');
    if (claims.typ === 'client') return actor;
    if (live('user', claims.sub)?.value === 'inactive')
      throw revoked('the account was deactivated');
    let result = actor;
    const role = live('user_role', claims.sub);
    if (role?.value && actor.roles.length > 0 && !actor.roles.includes(role.value))
      result = { ...result, roles: [role.value] };
    if (actor.tenantId) {
      const membership = live('membership', claims.sub, actor.tenantId);
      if (membership && membership.value === null)
        throw revoked('the membership in the tenant ended');
      if (membership?.value && actor.tenantRole && membership.value !== actor.tenantRole)
        result = { ...result, tenantRole: membership.value };
    }
    return result;
  }

  /**
   * For a response that outlives its request (a stream): whether the token that opened it
   * would still be let in with the same rights. False once it expired, was revoked, or its
   * holder lost or changed a role (the client reconnects and is judged afresh).
   */
  stillAdmits(claims: RevocableClaims & { exp?: number }, actor: Actor, now = Date.now()): boolean {
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) return false;
    try {
      const current = this.admit(claims, actor);
      return (
        current.tenantRole === actor.tenantRole &&
        current.roles.length === actor.roles.length &&
        current.roles.every((role) => actor.roles.includes(role))
      );
    } catch {
      return false;
    }
  }

  private static key(kind: string, subject: string, tenantId: string | null): string {
    return tenantId ? `${kind}:${tenantId}:${subject}` : `${kind}:${subject}`;
  }
}
