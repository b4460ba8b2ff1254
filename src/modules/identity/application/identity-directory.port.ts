/** An account as other contexts see it: never its password hash. */
export interface DirectoryUser {
  id: string;
  email: string;
  username: string | null;
  fullName: string | null;
  /** Platform role (`admin`, `support`, `auditor`, `standard`, `user`). */
  role: string;
  isActive: boolean;
  isEmailVerified: boolean;
}

export interface DirectoryMembership {
  tenantId: string;
  tenantName: string;
  tenantSlug: string | null;
  /** Role in the tenant (`owner`, `admin`, `member`, …). */
  role: string;
  isDefault: boolean;
  /** Live: the tenant is active and the membership has not expired. */
  usable: boolean;
}

export type PasswordCheck =
  | { outcome: 'valid'; user: DirectoryUser }
  | { outcome: 'invalid' }
  | { outcome: 'throttled'; retryAfterSeconds: number };

/**
 * The identity context's published query service: what another context (the OAuth
 * provider's login page, external-token verification) may ask about accounts, with
 * identity's own password hashing and login throttling behind it.
 */
export abstract class IdentityDirectory {
  /**
   * Checks a login (email or username) and password with the same throttling and the same
   * argon2 work as `POST /auth/login`; an unknown account, a wrong password and a
   * deactivated account are one `invalid` outcome.
   */
  abstract checkPassword(
    login: string,
    password: string,
    ip: string | null,
  ): Promise<PasswordCheck>;
  /** Records a successful sign-in (last_login_at and the ledger's logged-in event). */
  abstract recordLogin(userId: string, sessionId: string, tenantId: string | null): Promise<void>;
  abstract findUser(userId: string): Promise<DirectoryUser | null>;
  abstract memberships(userId: string): Promise<DirectoryMembership[]>;
  /**
   * A live member of the tenant: an active account whose membership has not expired, in a
   * tenant that is active. An unknown account is not a member.
   */
  abstract isLiveMember(tenantId: string, userId: string): Promise<boolean>;
}
