import { DomainEvent, NO_PERSONAL_DATA, personalData } from '@opsledger/ddd';

export const PROPERTY_STATUSES = [
  'active',
  'pending',
  'under_contract',
  'sold',
  'off_market',
  'archived',
] as const;
export type PropertyStatus = (typeof PROPERTY_STATUSES)[number];

/** What describes a property; money as decimal strings with two places (numeric(12,2)). */
export interface PropertyDetails {
  addressLine1: string;
  addressLine2: string | null;
  city: string;
  state: string;
  zip: string;
  bedrooms: number | null;
  bathrooms: number | null;
  squareFeet: number | null;
  lotSize: number | null;
  yearBuilt: number | null;
  purchasePrice: string | null;
  arv: string | null;
  status: PropertyStatus;
  propertyType: string | null;
  mlsId: string | null;
  notes: string | null;
}

/**
 * A property's address is the building's, a public record, not a person's: the seller is the
 * lead, whose personal data lives on the lead.
 */
const ADDRESS = ['addressLine1', 'addressLine2', 'city', 'zip'];

export class PropertyCreatedEvent extends DomainEvent<
  PropertyDetails & { userId: string; tenantId: string }
> {
  static readonly personalData = personalData<PropertyCreatedEvent>({
    fields: [],
    notPersonal: ADDRESS,
  });
  readonly type = 'crm.property.created.v1';
}

export class PropertyRevisedEvent extends DomainEvent<Partial<PropertyDetails>> {
  static readonly personalData = personalData<PropertyRevisedEvent>({
    fields: [],
    notPersonal: ADDRESS,
  });
  readonly type = 'crm.property.revised.v1';
}

export class PropertyDeletedEvent extends DomainEvent<{ isDeleted: true; deletedAt: string }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'crm.property.deleted.v1';
}
