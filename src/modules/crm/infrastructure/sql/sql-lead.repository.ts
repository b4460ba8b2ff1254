import { Injectable } from '@nestjs/common';
import { AggregateWriter } from '@opsledger/event-store';
import { Db, isUniqueViolation } from '@opsledger/persistence';
import { Lead } from '../../domain/lead.aggregate';
import { LeadRepository } from '../../domain/lead.repository';
import { LEAD_COLUMNS, LeadRow } from './crm-rows.sql';

@Injectable()
export class SqlLeadRepository extends LeadRepository {
  constructor(
    private readonly db: Db,
    private readonly writer: AggregateWriter,
  ) {
    super();
  }

  async findLive(workspaceId: string, id: string): Promise<Lead | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${LEAD_COLUMNS} FROM leads WHERE workspace_id = $1 AND id = $2 AND NOT is_deleted FOR UPDATE`,
      [workspaceId, id],
    )) as LeadRow[];
    const r = rows[0];
    if (!r) return null;
    return Lead.rehydrate(r.id, r.version, {
      userId: r.user_id,
      workspaceId: r.workspace_id,
      name: r.name,
      email: r.email,
      phone: r.phone,
      company: r.company,
      status: r.status,
      score: r.score,
      tags: r.tags,
      optStatus: r.opt_status ?? 'pending',
      isDeleted: r.is_deleted,
      deletedAt: r.deleted_at,
      createdAt: r.created_at,
    });
  }

  async isVisible(workspaceId: string, id: string): Promise<boolean> {
    const rows = (await this.db.manager.query(
      `SELECT 1 FROM leads WHERE workspace_id = $1 AND id = $2 AND NOT is_deleted`,
      [workspaceId, id],
    )) as unknown[];
    return rows.length > 0;
  }

  async saveUnlessDuplicate(lead: Lead): Promise<'email' | 'phone' | null> {
    // A savepoint keeps the import's transaction alive after a refused row.
    await this.db.manager.query('SAVEPOINT crm_lead_row');
    try {
      await this.save(lead);
      await this.db.manager.query('RELEASE SAVEPOINT crm_lead_row');
      return null;
    } catch (error) {
      const field = isUniqueViolation(error, 'idx_leads_email_unique')
        ? 'email'
        : isUniqueViolation(error, 'idx_leads_phone_unique')
          ? 'phone'
          : null;
      if (!field) throw error;
      await this.db.manager.query('ROLLBACK TO SAVEPOINT crm_lead_row');
      return field;
    }
  }

  async save(lead: Lead): Promise<void> {
    const s = lead.snapshot;
    await this.writer.save(
      lead,
      s.workspaceId,
      async ({ manager, expectedVersion, nextVersion, isNew }) => {
        if (isNew) {
          await manager.query(
            `INSERT INTO leads (id, user_id, workspace_id, name, email, phone, company, status, score, tags,
             opt_status, is_deleted, deleted_at, created_at, updated_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, false, NULL, $12, $12, $13)`,
            [
              lead.id,
              s.userId,
              s.workspaceId,
              s.name,
              s.email,
              s.phone,
              s.company,
              s.status,
              s.score,
              s.tags,
              s.optStatus,
              s.createdAt,
              nextVersion,
            ],
          );
          return true;
        }
        const updated = (await manager.query(
          `UPDATE leads SET name = $4, email = $5, phone = $6, company = $7, status = $8, score = $9,
           tags = $10, opt_status = $11, is_deleted = $12, deleted_at = $13, version = $14
         WHERE id = $1 AND workspace_id = $2 AND version = $3 RETURNING id`,
          [
            lead.id,
            s.workspaceId,
            expectedVersion,
            s.name,
            s.email,
            s.phone,
            s.company,
            s.status,
            s.score,
            s.tags,
            s.optStatus,
            s.isDeleted,
            s.deletedAt,
            nextVersion,
          ],
        )) as [unknown[], number];
        return updated[1] === 1;
      },
    );
  }
}
