import type { Actor } from '@opsledger/persistence';
import { InvestorRequiredError } from '../domain/crm.errors';

/** Who uses the CRM: a user acting in a workspace; admins read every row of it. */
export interface Investor {
  userId: string;
  workspaceId: string;
  isAdmin: boolean;
}

export function investorOf(actor: Actor): Investor {
  if (actor.type !== 'user' || !actor.id || !actor.tenantId) throw new InvestorRequiredError();
  return { userId: actor.id, workspaceId: actor.tenantId, isAdmin: actor.roles.includes('admin') };
}
