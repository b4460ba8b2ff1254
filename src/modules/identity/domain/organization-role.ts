/** Roles inside an organization (`user_organizations.role`, default 'member'). */
export const ORGANIZATION_ROLES = ['admin', 'member'] as const;
export type OrganizationRole = (typeof ORGANIZATION_ROLES)[number];
