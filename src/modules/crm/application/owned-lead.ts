import { NotFoundError } from '@opsledger/ddd';
import { NotTheOwnerError } from '../domain/crm.errors';
import { Lead } from '../domain/lead.aggregate';
import { LeadRepository } from '../domain/lead.repository';
import { Investor } from './crm-investor';

/**
 * The live lead the investor may change: someone else's is a 404 (it does not exist for them),
 * or a 403 for an admin, who sees it but changes only their own.
 */
export async function ownedLead(
  leads: LeadRepository,
  investor: Investor,
  id: string,
): Promise<Lead> {
  const lead = await leads.findLive(investor.workspaceId, id);
  // The row lock needs the UPDATE right, which the policies give owners only.
  if (!lead || lead.snapshot.userId !== investor.userId) {
    if (investor.isAdmin && (await leads.isVisible(investor.workspaceId, id)))
      throw new NotTheOwnerError('lead');
    throw new NotFoundError('lead', id);
  }
  return lead;
}
