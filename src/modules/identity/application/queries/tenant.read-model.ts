export interface TenantView {
  id: string;
  name: string;
  slug: string | null;
  domain: string | null;
  settings: { selfSignup: boolean };
  isActive: boolean;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export interface TenantMemberView {
  id: string;
  tenantId: string;
  userId: string;
  email: string;
  fullName: string | null;
  role: string;
  isDefault: boolean;
  joinedAt: Date;
  expiresAt: Date | null;
  version: number;
}
