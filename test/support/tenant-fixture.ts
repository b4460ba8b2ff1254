import { superuserClient } from '@opsledger/testing';
import { randomUUID } from 'node:crypto';
import { TestApp } from './test-app';

export interface TenantMember {
  id: string;
  email: string;
  password: string;
  token: string;
  refreshToken: string;
}

/**
 * A tenant with members in the given tenant roles, each logged in with a token for that
 * tenant. Tenant and memberships are inserted directly (they are the identity context's
 * business, not the suite's subject); the accounts go through the API.
 */
export async function createTenantWithMembers<R extends string>(
  t: TestApp,
  adminToken: string,
  roles: Record<R, string>,
): Promise<{ tenantId: string; members: Record<R, TenantMember> }> {
  const tenantId = randomUUID();
  const c = await superuserClient(t.db.url);
  try {
    await c.query(`INSERT INTO tenants (id, name, slug) VALUES ($1, $2, $3)`, [
      tenantId,
      `Tenant ${tenantId.slice(0, 8)}`,
      `t-${tenantId.slice(0, 8)}`,
    ]);
    const members = {} as Record<R, TenantMember>;
    for (const [name, role] of Object.entries(roles) as Array<[R, string]>) {
      const user = await t.createUser(adminToken, { fullName: String(name) });
      await c.query(
        `INSERT INTO user_tenants (id, user_id, tenant_id, role, is_default) VALUES ($1, $2, $3, $4, false)`,
        [randomUUID(), user.id, tenantId, role],
      );
      const session = await t.login(user.email, user.password, tenantId);
      members[name] = { ...user, token: session.accessToken, refreshToken: session.refreshToken };
    }
    return { tenantId, members };
  } finally {
    await c.end();
  }
}

/** Adds an existing account to a tenant and logs it in there. */
export async function joinTenant(
  t: TestApp,
  user: { id: string; email: string; password: string },
  tenantId: string,
  role: string,
): Promise<TenantMember> {
  const c = await superuserClient(t.db.url);
  try {
    await c.query(
      `INSERT INTO user_tenants (id, user_id, tenant_id, role) VALUES ($1, $2, $3, $4)`,
      [randomUUID(), user.id, tenantId, role],
    );
  } finally {
    await c.end();
  }
  const session = await t.login(user.email, user.password, tenantId);
  return { ...user, token: session.accessToken, refreshToken: session.refreshToken };
}
