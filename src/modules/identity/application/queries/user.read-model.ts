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
  /** Restrict to this one account (logins that may not see the tenant's directory). */
  onlyUserId?: string | null;
}
