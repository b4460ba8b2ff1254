import type { ListAccess } from '../../domain/contractor-list.aggregate';

export interface ContractorListView {
  id: string;
  tenantId: string;
  ownerId: string;
  name: string;
  description: string | null;
  isDefault: boolean;
  isPublic: boolean;
  color: string | null;
  icon: string | null;
  sortOrder: number;
  itemCount: number;
  totalValue: string;
  lastItemAddedAt: Date | null;
  settings: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  /** What the caller may do with it. */
  access: ListAccess;
}

export interface ListItemView {
  id: string;
  listId: string;
  contractorProfileId: string;
  notes: string | null;
  tags: string[];
  rating: number | null;
  priority: string | null;
  addedBy: string | null;
  addedAt: Date;
  lastViewedAt: Date | null;
  viewCount: number;
  customData: Record<string, unknown> | null;
  profile: {
    name: string;
    uei: string | null;
    cageCode: string | null;
    state: string | null;
    naicsCode: string | null;
    totalContractValue: string | null;
  };
}

export interface ListShareView {
  id: string;
  sharedWithUserId: string | null;
  sharedWithEmail: string | null;
  permission: 'view' | 'edit';
  sharedBy: string | null;
  sharedAt: Date;
  expiresAt: Date | null;
  lastAccessedAt: Date | null;
}

export interface ListActivityView {
  id: string;
  action: string;
  userId: string | null;
  itemId: string | null;
  metadata: Record<string, unknown>;
  createdAt: Date;
}

/** Whose lists: the caller's own, those shared with them, public ones of the tenant, or all three. */
export type ListScope = 'own' | 'shared' | 'public' | 'all';
