import { Injectable } from '@nestjs/common';
import { DirectoryUser, IdentityDirectory } from '../../identity/identity.public';
import { invalidGrant } from '../domain/oauth.errors';

export interface TokenSubject {
  user: DirectoryUser;
  /** Role in the token's tenant, or null without a tenant. */
  tenantRole: string | null;
}

/** The user side of a token: who it is, whether they still may have it, what it may tell. */
@Injectable()
export class UserClaims {
  constructor(private readonly directory: IdentityDirectory) {}

  /** The user behind a grant, still active and still a member of the grant's tenant. */
  async subject(userId: string, tenantId: string | null): Promise<TokenSubject> {
    const user = await this.directory.findUser(userId);
    if (!user?.isActive) throw invalidGrant('The account is deactivated');
    if (!tenantId) return { user, tenantRole: null };
    const membership = (await this.directory.memberships(userId)).find(
      (m) => m.tenantId === tenantId,
    );
    if (!membership?.usable)
      throw invalidGrant('The account is no longer a member of the tenant it signed in to');
    return { user, tenantRole: membership.role };
  }

  /** OpenID Connect Core §5.4: profile and email scopes name the claims they release. */
  claimsFor(user: DirectoryUser, scopes: readonly string[]): Record<string, unknown> {
    const claims: Record<string, unknown> = {};
    if (scopes.includes('profile')) {
      claims.name = user.fullName ?? undefined;
      claims.preferred_username = user.username ?? user.email;
    }
    if (scopes.includes('email')) {
      claims.email = user.email;
      claims.email_verified = user.isEmailVerified;
    }
    return Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined));
  }
}
