import { Injectable } from '@nestjs/common';
import { AggregateWriter } from '@opsledger/event-store';
import { Db } from '@opsledger/persistence';
import type { EntityManager } from 'typeorm';
import {
  ContractorList,
  ListChange,
  ListItemState,
  ListShareState,
} from '../../domain/contractor-list.aggregate';
import { ContractorListRepository } from '../../domain/contractor-list.repository';
import { ListTotals } from '../../domain/events/contractor-list.events';
import {
  ITEM_COLUMNS,
  ItemRow,
  itemStateOf,
  LIST_COLUMNS,
  ListRow,
  listStateOf,
  SHARE_COLUMNS,
  ShareRow,
  shareStateOf,
} from './contractor-list.sql';

const json = (value: unknown) =>
  value === null || value === undefined ? null : JSON.stringify(value);

@Injectable()
export class SqlContractorListRepository extends ContractorListRepository {
  constructor(
    private readonly db: Db,
    private readonly writer: AggregateWriter,
  ) {
    super();
  }

  private async one(where: string, params: unknown[]): Promise<ContractorList | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${LIST_COLUMNS} FROM contractor_lists l WHERE ${where} FOR UPDATE`,
      params,
    )) as ListRow[];
    const r = rows[0];
    return r ? ContractorList.rehydrate(r.id, r.version, listStateOf(r)) : null;
  }

  findById(id: string): Promise<ContractorList | null> {
    return this.one('l.id = $1', [id]);
  }

  async isVisible(id: string): Promise<boolean> {
    const rows = (await this.db.manager.query(`SELECT 1 FROM contractor_lists WHERE id = $1`, [
      id,
    ])) as unknown[];
    return rows.length > 0;
  }

  findDefaultOf(tenantId: string, ownerId: string): Promise<ContractorList | null> {
    return this.one('l.tenant_id = $1 AND l.user_id = $2 AND l.is_default', [tenantId, ownerId]);
  }

  async countOwned(tenantId: string, ownerId: string): Promise<number> {
    const rows = (await this.db.manager.query(
      `SELECT count(*)::int AS n FROM contractor_lists WHERE tenant_id = $1 AND user_id = $2`,
      [tenantId, ownerId],
    )) as Array<{ n: number }>;
    return rows[0].n;
  }

  async findItem(listId: string, itemId: string): Promise<ListItemState | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${ITEM_COLUMNS} FROM contractor_list_items i WHERE i.list_id = $1 AND i.id = $2`,
      [listId, itemId],
    )) as ItemRow[];
    return rows[0] ? itemStateOf(rows[0]) : null;
  }

  async hasProfile(listId: string, contractorProfileId: string): Promise<boolean> {
    const rows = (await this.db.manager.query(
      `SELECT 1 FROM contractor_list_items WHERE list_id = $1 AND contractor_profile_id = $2`,
      [listId, contractorProfileId],
    )) as unknown[];
    return rows.length > 0;
  }

  async shareOf(listId: string, userId: string): Promise<ListShareState | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${SHARE_COLUMNS} FROM contractor_list_shares s WHERE s.list_id = $1 AND s.shared_with_user_id = $2`,
      [listId, userId],
    )) as ShareRow[];
    return rows[0] ? shareStateOf(rows[0]) : null;
  }

  async findShare(listId: string, shareId: string): Promise<ListShareState | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${SHARE_COLUMNS} FROM contractor_list_shares s WHERE s.list_id = $1 AND s.id = $2`,
      [listId, shareId],
    )) as ShareRow[];
    return rows[0] ? shareStateOf(rows[0]) : null;
  }

  async findByShareToken(
    tokenHash: string,
  ): Promise<{ listId: string; share: ListShareState } | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${SHARE_COLUMNS} FROM contractor_list_shares s
        WHERE s.access_token = $1 AND (s.expires_at IS NULL OR s.expires_at > now())`,
      [tokenHash],
    )) as ShareRow[];
    return rows[0] ? { listId: rows[0].list_id, share: shareStateOf(rows[0]) } : null;
  }

  async totalsAfter(
    listId: string,
    change: { add: string } | { remove: string },
  ): Promise<ListTotals> {
    const rows = (await this.db.manager.query(
      `SELECT count(*)::int AS item_count, coalesce(sum(p.total_contract_value), 0)::text AS total_value
         FROM (SELECT contractor_profile_id FROM contractor_list_items
                WHERE list_id = $1 AND id IS DISTINCT FROM $2::uuid
               UNION ALL
               SELECT $3::uuid WHERE $3::uuid IS NOT NULL) i
         JOIN contractor_profiles p ON p.id = i.contractor_profile_id`,
      [listId, 'remove' in change ? change.remove : null, 'add' in change ? change.add : null],
    )) as Array<{ item_count: number; total_value: string }>;
    return { itemCount: rows[0].item_count, totalValue: rows[0].total_value };
  }

  async save(list: ContractorList): Promise<void> {
    const s = list.snapshot;
    const changes = [...list.pendingChanges];
    await this.writer.save(
      list,
      s.tenantId,
      async ({ manager, expectedVersion, nextVersion, isNew }) => {
        if (isNew) {
          await manager.query(
            `INSERT INTO contractor_lists (id, tenant_id, user_id, name, description, is_default, is_public, color, icon,
                  sort_order, item_count, total_value, settings, created_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, '0', $11, $12, $13)`,
            [
              list.id,
              s.tenantId,
              s.ownerId,
              s.name,
              s.description,
              s.isDefault,
              s.isPublic,
              s.color,
              s.icon,
              s.sortOrder,
              json(s.settings),
              s.createdAt,
              nextVersion,
            ],
          );
          return true;
        }
        for (const change of changes) await this.apply(manager, list.id, s.tenantId, change);
        if (changes.some((c) => c.kind === 'deleted')) return true;
        const updated = (await manager.query(
          `UPDATE contractor_lists SET name = $3, description = $4, is_default = $5, is_public = $6, color = $7, icon = $8,
                sort_order = $9, item_count = $10, total_value = $11, last_item_added_at = $12, settings = $13, version = $14
          WHERE id = $1 AND version = $2 RETURNING id`,
          [
            list.id,
            expectedVersion,
            s.name,
            s.description,
            s.isDefault,
            s.isPublic,
            s.color,
            s.icon,
            s.sortOrder,
            s.itemCount,
            s.totalValue,
            s.lastItemAddedAt,
            json(s.settings),
            nextVersion,
          ],
        )) as [unknown[], number];
        return updated[1] === 1;
      },
    );
  }

  private async apply(
    manager: EntityManager,
    listId: string,
    tenantId: string,
    change: ListChange,
  ) {
    switch (change.kind) {
      case 'item-added': {
        const i = change.item;
        await manager.query(
          `INSERT INTO contractor_list_items (id, tenant_id, list_id, contractor_profile_id, notes, tags, rating, priority,
                  added_by, added_at, custom_data)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          [
            i.id,
            tenantId,
            listId,
            i.contractorProfileId,
            i.notes,
            json(i.tags),
            i.rating,
            i.priority,
            i.addedBy,
            i.addedAt,
            json(i.customData),
          ],
        );
        return;
      }
      case 'item-changed': {
        const i = change.item;
        await manager.query(
          `UPDATE contractor_list_items SET notes = $3, tags = $4, rating = $5, priority = $6, custom_data = $7,
                  version = version + 1
            WHERE list_id = $1 AND id = $2`,
          [listId, i.id, i.notes, json(i.tags), i.rating, i.priority, json(i.customData)],
        );
        return;
      }
      case 'item-removed':
        await manager.query(`DELETE FROM contractor_list_items WHERE list_id = $1 AND id = $2`, [
          listId,
          change.itemId,
        ]);
        return;
      case 'share-added': {
        const sh = change.share;
        await manager.query(
          `INSERT INTO contractor_list_shares (id, tenant_id, list_id, shared_with_user_id, shared_with_email, permission,
                  shared_by, shared_at, access_token, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            sh.id,
            tenantId,
            listId,
            sh.sharedWithUserId,
            sh.sharedWithEmail,
            sh.permission,
            sh.sharedBy,
            sh.sharedAt,
            sh.tokenHash,
            sh.expiresAt,
          ],
        );
        return;
      }
      case 'share-removed':
        await manager.query(`DELETE FROM contractor_list_shares WHERE list_id = $1 AND id = $2`, [
          listId,
          change.shareId,
        ]);
        return;
      case 'share-opened':
        await manager.query(
          `UPDATE contractor_list_shares SET last_accessed_at = $3, version = version + 1 WHERE list_id = $1 AND id = $2`,
          [listId, change.shareId, change.at],
        );
        return;
      case 'deleted':
        await manager.query(`DELETE FROM contractor_lists WHERE id = $1`, [listId]);
        return;
    }
  }
}
