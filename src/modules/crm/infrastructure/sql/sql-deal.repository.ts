import { Injectable } from '@nestjs/common';
import { AggregateWriter } from '@opsledger/event-store';
import { Db, isUniqueViolation } from '@opsledger/persistence';
import { PropertyHasActiveDealError } from '../../domain/crm.errors';
import { Deal } from '../../domain/deal.aggregate';
import { DealRepository } from '../../domain/deal.repository';
import { DEAL_COLUMNS, DealRow } from './crm-rows.sql';

@Injectable()
export class SqlDealRepository extends DealRepository {
  constructor(
    private readonly db: Db,
    private readonly writer: AggregateWriter,
  ) {
    super();
  }

  async findById(tenantId: string, id: string): Promise<Deal | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${DEAL_COLUMNS} FROM deals WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
      [tenantId, id],
    )) as DealRow[];
    const r = rows[0];
    if (!r) return null;
    return Deal.rehydrate(r.id, r.version, {
      userId: r.user_id,
      tenantId: r.tenant_id,
      leadId: r.lead_id,
      propertyId: r.property_id,
      status: r.status,
      stage: r.stage,
      title: r.title,
      estimatedValue: r.estimated_value,
      probability: r.probability,
      expectedCloseDate: r.expected_close_date,
      nextAction: r.next_action,
      nextActionDue: r.next_action_due,
      notes: r.notes,
      createdAt: r.created_at,
    });
  }

  async isVisible(tenantId: string, id: string): Promise<boolean> {
    const rows = (await this.db.manager.query(
      `SELECT 1 FROM deals WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    )) as unknown[];
    return rows.length > 0;
  }

  async save(deal: Deal): Promise<void> {
    const s = deal.snapshot;
    const values = [
      s.status,
      s.stage,
      s.title,
      s.estimatedValue,
      s.probability,
      s.expectedCloseDate,
      s.nextAction,
      s.nextActionDue,
      s.notes,
    ];
    try {
      await this.writer.save(
        deal,
        s.tenantId,
        async ({ manager, expectedVersion, nextVersion, isNew }) => {
          if (isNew) {
            await manager.query(
              `INSERT INTO deals (id, user_id, tenant_id, lead_id, property_id, status, stage, title, estimated_value,
                 probability, expected_close_date, next_action, next_action_due, notes, created_at, updated_at, version)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16)`,
              [
                deal.id,
                s.userId,
                s.tenantId,
                s.leadId,
                s.propertyId,
                ...values,
                s.createdAt,
                nextVersion,
              ],
            );
            return true;
          }
          const updated = (await manager.query(
            `UPDATE deals SET status = $4, stage = $5, title = $6, estimated_value = $7, probability = $8,
               expected_close_date = $9, next_action = $10, next_action_due = $11, notes = $12, version = $13
             WHERE id = $1 AND tenant_id = $2 AND version = $3 RETURNING id`,
            [deal.id, s.tenantId, expectedVersion, ...values, nextVersion],
          )) as [unknown[], number];
          return updated[1] === 1;
        },
      );
    } catch (error) {
      if (isUniqueViolation(error, 'idx_deals_property_active_unique'))
        throw new PropertyHasActiveDealError();
      throw error;
    }
  }
}
