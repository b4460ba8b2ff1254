import { NotFoundError } from '@opsledger/ddd';
import { NotTheOwnerError } from '../domain/crm.errors';
import { Property } from '../domain/property.aggregate';
import { PropertyRepository } from '../domain/property.repository';
import { Investor } from './crm-investor';

/** The live property the investor may change: 404 for others, 403 for an admin who reads it. */
export async function ownedProperty(
  properties: PropertyRepository,
  investor: Investor,
  id: string,
): Promise<Property> {
  const property = await properties.findLive(investor.workspaceId, id);
  if (!property || property.snapshot.userId !== investor.userId) {
    if (investor.isAdmin && (await properties.isVisible(investor.workspaceId, id)))
      throw new NotTheOwnerError('property');
    throw new NotFoundError('property', id);
  }
  return property;
}
