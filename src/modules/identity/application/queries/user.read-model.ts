export interface UserView {
  id: string;
  email: string;
  username: string | null;
  fullName: string | null;
  role: string;
  isActive: boolean;
  isEmailVerified: boolean;
  emailVerifiedAt: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export interface SessionView {
  id: string;
  userId: string;
  tenantId: string | null;
  ipAddress: string | null;
  userAgent: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
  current?: boolean;
}

export interface UserListFilter {
  search?: string;
  isActive?: boolean;
  role?: string;
  /** Restrict to members of this tenant (everyone but platform admins and support). */
  tenantId?: string | null;
}

/** Read port: users and sessions as read models; never aggregates. */
export abstract class IdentityReader {
  abstract getUser(
    id: string,
    visibleToTenant: string | null,
    viewerId: string | null,
  ): Promise<UserView | null>;
  abstract listUsers(
    filter: UserListFilter,
    limit: number,
    cursor: string | undefined,
  ): Promise<{ items: UserView[]; nextCursor: string | null }>;
  abstract listSessions(
    userId: string,
    includeEnded: boolean,
    limit: number,
    cursor: string | undefined,
  ): Promise<{ items: SessionView[]; nextCursor: string | null }>;
}
