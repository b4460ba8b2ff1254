import type {
  ContractorListState,
  ListItemState,
  ListShareState,
} from '../../domain/contractor-list.aggregate';

export const LIST_COLUMNS = `l.id, l.tenant_id, l.user_id, l.name, l.description, l.is_default, l.is_public, l.color, l.icon,
  l.sort_order, l.item_count, l.total_value, l.last_item_added_at, l.settings, l.created_at, l.updated_at, l.version`;

export interface ListRow {
  id: string;
  tenant_id: string;
  user_id: string;
  name: string;
  description: string | null;
  is_default: boolean;
  is_public: boolean;
  color: string | null;
  icon: string | null;
  sort_order: number;
  item_count: number;
  total_value: string;
  last_item_added_at: Date | null;
  settings: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
  version: number;
}

export const listStateOf = (r: ListRow): ContractorListState => ({
  tenantId: r.tenant_id,
  ownerId: r.user_id,
  name: r.name,
  description: r.description,
  isDefault: r.is_default,
  isPublic: r.is_public,
  color: r.color,
  icon: r.icon,
  sortOrder: r.sort_order,
  itemCount: r.item_count,
  totalValue: r.total_value,
  lastItemAddedAt: r.last_item_added_at,
  settings: r.settings ?? {},
  createdAt: r.created_at,
});

export const ITEM_COLUMNS = `i.id, i.list_id, i.contractor_profile_id, i.notes, i.tags, i.rating, i.priority, i.added_by,
  i.added_at, i.last_viewed_at, i.view_count, i.custom_data, i.version`;

export interface ItemRow {
  id: string;
  list_id: string;
  contractor_profile_id: string;
  notes: string | null;
  tags: string[];
  rating: number | null;
  priority: string | null;
  added_by: string | null;
  added_at: Date;
  last_viewed_at: Date | null;
  view_count: number;
  custom_data: Record<string, unknown> | null;
  version: number;
}

export const itemStateOf = (r: ItemRow): ListItemState => ({
  id: r.id,
  contractorProfileId: r.contractor_profile_id,
  notes: r.notes,
  tags: r.tags ?? [],
  rating: r.rating,
  priority: r.priority,
  customData: r.custom_data,
  addedBy: r.added_by,
  addedAt: r.added_at,
});

export const SHARE_COLUMNS = `s.id, s.list_id, s.shared_with_user_id, s.shared_with_email, s.permission, s.shared_by, s.shared_at,
  s.access_token, s.expires_at, s.last_accessed_at`;

export interface ShareRow {
  id: string;
  list_id: string;
  shared_with_user_id: string | null;
  shared_with_email: string | null;
  permission: 'view' | 'edit';
  shared_by: string | null;
  shared_at: Date;
  access_token: string | null;
  expires_at: Date | null;
  last_accessed_at: Date | null;
}

export const shareStateOf = (r: ShareRow): ListShareState => ({
  id: r.id,
  sharedWithUserId: r.shared_with_user_id,
  sharedWithEmail: r.shared_with_email,
  permission: r.permission,
  tokenHash: r.access_token,
  sharedBy: r.shared_by ?? '',
  sharedAt: r.shared_at,
  expiresAt: r.expires_at,
  lastAccessedAt: r.last_accessed_at,
});
