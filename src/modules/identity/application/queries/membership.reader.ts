export interface MembershipView {
  id: string;
  userId: string;
  tenantId: string;
  tenantName: string;
  tenantSlug: string | null;
  role: string;
  isDefault: boolean;
  joinedAt: Date;
  expiresAt: Date | null;
  tenantActive: boolean;
}

/** Read port over `user_tenants` joined with `tenants`. */
export abstract class MembershipReader {
  abstract forUser(userId: string): Promise<MembershipView[]>;
  abstract find(userId: string, tenantId: string): Promise<MembershipView | null>;
}

export function isUsable(m: MembershipView, now = new Date()): boolean {
  return m.tenantActive && (m.expiresAt === null || m.expiresAt > now);
}
