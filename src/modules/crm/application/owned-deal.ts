import { NotFoundError } from '@opsledger/ddd';
import { NotTheOwnerError } from '../domain/crm.errors';
import { Deal } from '../domain/deal.aggregate';
import { DealRepository } from '../domain/deal.repository';
import { Investor } from './crm-investor';

/** The deal the investor may change: 404 for others, 403 for an admin who reads it. */
export async function ownedDeal(
  deals: DealRepository,
  investor: Investor,
  id: string,
): Promise<Deal> {
  const deal = await deals.findById(investor.workspaceId, id);
  if (!deal || deal.snapshot.userId !== investor.userId) {
    if (investor.isAdmin && (await deals.isVisible(investor.workspaceId, id)))
      throw new NotTheOwnerError('deal');
    throw new NotFoundError('deal', id);
  }
  return deal;
}
