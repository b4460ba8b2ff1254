import { Injectable } from '@nestjs/common';
import { decodeCursor, InvalidCursorError, Page, toPage } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import {
  ContractorListView,
  ListActivityView,
  ListItemView,
  ListScope,
  ListShareView,
} from '../../application/queries/contractor-list.read-model';
import { ContractorListReader } from '../../application/queries/contractor-list.reader';
import type { ListAccess } from '../../domain/contractor-list.aggregate';
import {
  ITEM_COLUMNS,
  ItemRow,
  LIST_COLUMNS,
  ListRow,
  listStateOf,
  SHARE_COLUMNS,
  ShareRow,
} from './contractor-list.sql';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The caller's access to `l`, given `$1` is the caller. */
const ACCESS = `CASE WHEN l.user_id = $1 THEN 'owner'
  ELSE coalesce((SELECT s.permission FROM contractor_list_shares s
                  WHERE s.list_id = l.id AND s.shared_with_user_id = $1
                    AND (s.expires_at IS NULL OR s.expires_at > now())), 'view') END AS access`;

/** The list's fields as the aggregate reads them, with what only the view shows. */
const toList = (r: ListRow & { access: ListAccess }): ContractorListView => ({
  id: r.id,
  ...listStateOf(r),
  updatedAt: r.updated_at,
  version: r.version,
  access: r.access,
});

/** A keyset cursor of (timestamp, uuid). */
function timeCursor(cursor: string | undefined): [string, string] | null {
  const value = decodeCursor(cursor, 2);
  if (!value) return null;
  const [at, id] = value;
  if (
    typeof at !== 'string' ||
    Number.isNaN(Date.parse(at)) ||
    typeof id !== 'string' ||
    !UUID.test(id)
  )
    throw new InvalidCursorError();
  return [at, id];
}

@Injectable()
export class SqlContractorListReader extends ContractorListReader {
  constructor(private readonly db: Db) {
    super();
  }

  async getList(id: string, userId: string): Promise<ContractorListView | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${LIST_COLUMNS}, ${ACCESS} FROM contractor_lists l WHERE l.id = $2`,
      [userId, id],
    )) as Array<ListRow & { access: ListAccess }>;
    return rows[0] ? toList(rows[0]) : null;
  }

  async listLists(
    tenantId: string,
    userId: string,
    scope: ListScope,
    page: { limit: number; cursor?: string },
  ): Promise<Page<ContractorListView>> {
    const params: unknown[] = [userId, tenantId];
    const param = (v: unknown) => `$${params.push(v)}`;
    const where = ['l.tenant_id = $2'];
    if (scope === 'own') where.push('l.user_id = $1');
    if (scope === 'shared')
      where.push(`l.user_id <> $1 AND EXISTS (SELECT 1 FROM contractor_list_shares s
                   WHERE s.list_id = l.id AND s.shared_with_user_id = $1)`);
    if (scope === 'public') where.push('l.is_public AND l.user_id <> $1');
    const after = decodeCursor(page.cursor, 3);
    if (after) {
      const [order, at, id] = after;
      if (
        typeof order !== 'number' ||
        typeof at !== 'string' ||
        typeof id !== 'string' ||
        !UUID.test(id)
      )
        throw new InvalidCursorError();
      where.push(
        `(l.sort_order, l.created_at, l.id) > (${param(order)}::int, ${param(at)}::timestamp, ${param(id)}::uuid)`,
      );
    }
    const rows = (await this.db.manager.query(
      `SELECT ${LIST_COLUMNS}, ${ACCESS}, to_char(l.created_at, 'YYYY-MM-DD"T"HH24:MI:SS.US') AS created_key
         FROM contractor_lists l WHERE ${where.join(' AND ')}
        ORDER BY l.sort_order, l.created_at, l.id LIMIT ${param(page.limit + 1)}`,
      params,
    )) as Array<ListRow & { access: ListAccess; created_key: string }>;
    return toPage(rows, page.limit, toList, (r) => [r.sort_order, r.created_key, r.id]);
  }

  async getItem(listId: string, itemId: string): Promise<ListItemView | null> {
    const page = await this.listItems(listId, { limit: 1 }, itemId);
    return page.items[0] ?? null;
  }

  async listItems(
    listId: string,
    page: { limit: number; cursor?: string },
    itemId?: string,
  ): Promise<Page<ListItemView>> {
    const params: unknown[] = [listId];
    const after = timeCursor(page.cursor);
    let keyset = after ? `AND (i.added_at, i.id) > ($2::timestamp, $3::uuid)` : '';
    if (after) params.push(...after);
    if (itemId) keyset += ` AND i.id = $${params.push(itemId)}`;
    params.push(page.limit + 1);
    const rows = (await this.db.manager.query(
      `SELECT ${ITEM_COLUMNS}, to_char(i.added_at, 'YYYY-MM-DD"T"HH24:MI:SS.US') AS added_key,
              p.name AS p_name, p.uei AS p_uei, p.cage_code AS p_cage_code, p.state AS p_state,
              p.naics_code AS p_naics_code, p.total_contract_value::text AS p_total
         FROM contractor_list_items i JOIN contractor_profiles p ON p.id = i.contractor_profile_id
        WHERE i.list_id = $1 ${keyset}
        ORDER BY i.added_at, i.id LIMIT $${params.length}`,
      params,
    )) as Array<
      ItemRow & {
        added_key: string;
        p_name: string;
        p_uei: string | null;
        p_cage_code: string | null;
        p_state: string | null;
        p_naics_code: string | null;
        p_total: string | null;
      }
    >;
    return toPage(
      rows,
      page.limit,
      (r) => ({
        id: r.id,
        listId: r.list_id,
        contractorProfileId: r.contractor_profile_id,
        notes: r.notes,
        tags: r.tags ?? [],
        rating: r.rating,
        priority: r.priority,
        addedBy: r.added_by,
        addedAt: r.added_at,
        lastViewedAt: r.last_viewed_at,
        viewCount: r.view_count ?? 0,
        customData: r.custom_data,
        profile: {
          name: r.p_name,
          uei: r.p_uei,
          cageCode: r.p_cage_code,
          state: r.p_state,
          naicsCode: r.p_naics_code,
          totalContractValue: r.p_total,
        },
      }),
      (r) => [r.added_key, r.id],
    );
  }

  async listShares(listId: string): Promise<ListShareView[]> {
    const rows = (await this.db.manager.query(
      `SELECT ${SHARE_COLUMNS} FROM contractor_list_shares s WHERE s.list_id = $1 ORDER BY s.shared_at, s.id`,
      [listId],
    )) as ShareRow[];
    return rows.map((r) => ({
      id: r.id,
      sharedWithUserId: r.shared_with_user_id,
      sharedWithEmail: r.shared_with_email,
      permission: r.permission,
      sharedBy: r.shared_by,
      sharedAt: r.shared_at,
      expiresAt: r.expires_at,
      lastAccessedAt: r.last_accessed_at,
    }));
  }

  async listActivity(
    listId: string,
    page: { limit: number; cursor?: string },
  ): Promise<Page<ListActivityView>> {
    const params: unknown[] = [listId];
    const after = timeCursor(page.cursor);
    const keyset = after ? `AND (a.created_at, a.id) < ($2::timestamp, $3::uuid)` : '';
    if (after) params.push(...after);
    params.push(page.limit + 1);
    const rows = (await this.db.manager.query(
      `SELECT a.id, a.action, a.user_id, a.item_id, a.metadata, a.created_at,
              to_char(a.created_at, 'YYYY-MM-DD"T"HH24:MI:SS.US') AS created_key
         FROM contractor_list_activity a
        WHERE a.list_id = $1 ${keyset}
        ORDER BY a.created_at DESC, a.id DESC LIMIT $${params.length}`,
      params,
    )) as Array<{
      id: string;
      action: string;
      user_id: string | null;
      item_id: string | null;
      metadata: Record<string, unknown> | null;
      created_at: Date;
      created_key: string;
    }>;
    return toPage(
      rows,
      page.limit,
      (r) => ({
        id: r.id,
        action: r.action,
        userId: r.user_id,
        itemId: r.item_id,
        metadata: r.metadata ?? {},
        createdAt: r.created_at,
      }),
      (r) => [r.created_key, r.id],
    );
  }
}
