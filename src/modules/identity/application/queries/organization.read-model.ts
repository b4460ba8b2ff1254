export interface OrganizationView {
  id: string;
  tenantId: string;
  name: string;
  slug: string;
  description: string | null;
  isActive: boolean;
  memberCount: number;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export interface OrganizationMemberView {
  organizationId: string;
  userId: string;
  email: string;
  fullName: string | null;
  role: string;
  joinedAt: Date;
}
