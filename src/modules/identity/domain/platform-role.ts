/** Platform roles (spec 002's `user_role` plus `auditor`), highest priority first. */
export const PLATFORM_ROLES = ['admin', 'support', 'auditor', 'standard', 'user'] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

/** Tenant roles held in `user_tenants.role`. */
export const TENANT_ROLES = ['owner', 'admin', 'dispatcher', 'member', 'viewer'] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];
