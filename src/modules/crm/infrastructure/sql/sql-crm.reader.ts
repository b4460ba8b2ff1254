import { Injectable } from '@nestjs/common';
import { decodeCursor, InvalidCursorError, Page, toPage } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import type { Investor } from '../../application/crm-investor';
import {
  AiJobView,
  DocumentFile,
  LeadDocumentView,
  DocumentView,
  CompSearch,
  CompView,
  DealEventView,
  DealFilter,
  DealView,
  PipelineStageView,
  LeadSearch,
  LeadView,
  PropertyView,
} from '../../application/queries/crm.read-model';
import { CrmReader } from '../../application/queries/crm.reader';
import {
  DEAL_COLUMNS,
  DealRow,
  LEAD_COLUMNS,
  LeadRow,
  PROPERTY_COLUMNS,
  PropertyRow,
} from './crm-rows.sql';

const leadView = (r: LeadRow): LeadView => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  email: r.email,
  phone: r.phone,
  company: r.company,
  status: r.status,
  score: r.score,
  tags: r.tags,
  optStatus: r.opt_status,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
  version: r.version,
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Microsecond precision: a millisecond cursor would skip rows created in the same millisecond. */
const CURSOR_AT_SQL = `to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const CURSOR_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

const propertyView = (r: PropertyRow): PropertyView => ({
  id: r.id,
  userId: r.user_id,
  addressLine1: r.address_line_1,
  addressLine2: r.address_line_2,
  city: r.city,
  state: r.state,
  zip: r.zip,
  bedrooms: r.bedrooms,
  bathrooms: r.bathrooms === null ? null : Number(r.bathrooms),
  squareFeet: r.square_feet,
  lotSize: r.lot_size,
  yearBuilt: r.year_built,
  purchasePrice: r.purchase_price,
  arv: r.arv,
  status: r.status ?? 'active',
  propertyType: r.property_type,
  mlsId: r.mls_id,
  notes: r.notes,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
  version: r.version,
});

const dealView = (r: DealRow): DealView => ({
  id: r.id,
  userId: r.user_id,
  leadId: r.lead_id,
  propertyId: r.property_id,
  status: r.status,
  stage: r.stage,
  title: r.title,
  estimatedValue: r.estimated_value,
  probability: r.probability,
  expectedCloseDate: r.expected_close_date,
  nextAction: r.next_action,
  nextActionDue: r.next_action_due?.toISOString() ?? null,
  notes: r.notes,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
  version: r.version,
});

/** LIKE's own wildcards in a search term match themselves. */
const likeEscape = (term: string) => term.replace(/[\\%_]/g, (c) => `\\${c}`);

@Injectable()
export class SqlCrmReader extends CrmReader {
  constructor(private readonly db: Db) {
    super();
  }

  /** The owner filter of the application; RLS holds the same rule underneath. */
  private owned(investor: Investor, params: unknown[]): string {
    if (investor.isAdmin) return 'TRUE';
    params.push(investor.userId);
    return `user_id = $${params.length}`;
  }

  async lead(investor: Investor, id: string): Promise<LeadView | null> {
    const params: unknown[] = [investor.workspaceId, id];
    const rows = (await this.db.manager.query(
      `SELECT ${LEAD_COLUMNS} FROM leads
        WHERE workspace_id = $1 AND id = $2 AND NOT is_deleted AND ${this.owned(investor, params)}`,
      params,
    )) as LeadRow[];
    return rows[0] ? leadView(rows[0]) : null;
  }

  async searchLeads(investor: Investor, search: LeadSearch): Promise<Page<LeadView>> {
    const params: unknown[] = [investor.workspaceId];
    const where = ['workspace_id = $1', 'NOT is_deleted', this.owned(investor, params)];
    if (search.q) {
      params.push(`%${likeEscape(search.q.toLowerCase())}%`);
      const digits = search.q.replace(/[\s().-]/g, '');
      const phone = /^\+?[0-9]{3,15}$/.test(digits) ? `%${digits}%` : null;
      params.push(phone);
      where.push(
        `(LOWER(name) LIKE $${params.length - 1} OR LOWER(email) LIKE $${params.length - 1} OR phone LIKE $${params.length})`,
      );
    }
    if (search.tag) {
      params.push([search.tag.trim().toLowerCase()]);
      where.push(`tags @> $${params.length}::text[]`);
    }
    if (search.status) {
      params.push(search.status);
      where.push(`status = $${params.length}`);
    }
    this.after(search.cursor, params, where);
    params.push(search.limit + 1);
    const rows = (await this.db.manager.query(
      `SELECT ${LEAD_COLUMNS}, ${CURSOR_AT_SQL} AS cursor_at
         FROM leads WHERE ${where.join(' AND ')}
        ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    )) as Array<LeadRow & { cursor_at: string }>;
    return toPage(rows, search.limit, leadView, (r) => [r.cursor_at, r.id]);
  }

  async property(investor: Investor, id: string): Promise<PropertyView | null> {
    const params: unknown[] = [investor.workspaceId, id];
    const rows = (await this.db.manager.query(
      `SELECT ${PROPERTY_COLUMNS} FROM re_properties
        WHERE tenant_id = $1 AND id = $2 AND NOT is_deleted AND ${this.owned(investor, params)}`,
      params,
    )) as PropertyRow[];
    return rows[0] ? propertyView(rows[0]) : null;
  }

  async listProperties(
    investor: Investor,
    page: { zip?: string; limit: number; cursor?: string },
  ): Promise<Page<PropertyView>> {
    const params: unknown[] = [investor.workspaceId];
    const where = ['tenant_id = $1', 'NOT is_deleted', this.owned(investor, params)];
    if (page.zip) {
      params.push(page.zip);
      where.push(`zip = $${params.length}`);
    }
    this.after(page.cursor, params, where);
    params.push(page.limit + 1);
    const rows = (await this.db.manager.query(
      `SELECT ${PROPERTY_COLUMNS}, ${CURSOR_AT_SQL} AS cursor_at FROM re_properties
        WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    )) as Array<PropertyRow & { cursor_at: string }>;
    return toPage(rows, page.limit, propertyView, (r) => [r.cursor_at, r.id]);
  }

  async comps(
    investor: Investor,
    propertyId: string,
    search: CompSearch,
  ): Promise<CompView[] | null> {
    const subject = await this.property(investor, propertyId);
    if (!subject) return null;
    if (subject.squareFeet === null) return [];
    const params: unknown[] = [
      investor.workspaceId,
      subject.zip,
      subject.id,
      subject.squareFeet,
      search.sizeTolerancePct / 100,
    ];
    const owned = this.owned(investor, params);
    params.push(search.limit);
    const rows = (await this.db.manager.query(
      `SELECT id, address_line_1, zip, square_feet, purchase_price,
              CASE WHEN purchase_price IS NULL THEN NULL ELSE round(purchase_price / square_feet, 2)::text END AS price_per_sqft
         FROM re_properties
        WHERE tenant_id = $1 AND zip = $2 AND id <> $3 AND NOT is_deleted AND ${owned}
          AND square_feet BETWEEN $4 * (1 - $5::numeric) AND $4 * (1 + $5::numeric)
        ORDER BY abs(square_feet - $4), created_at DESC, id
        LIMIT $${params.length}`,
      params,
    )) as Array<{
      id: string;
      address_line_1: string;
      zip: string;
      square_feet: number;
      purchase_price: string | null;
      price_per_sqft: string | null;
    }>;
    return rows.map((r) => ({
      id: r.id,
      addressLine1: r.address_line_1,
      zip: r.zip,
      squareFeet: r.square_feet,
      purchasePrice: r.purchase_price,
      pricePerSqft: r.price_per_sqft,
    }));
  }

  async deal(investor: Investor, id: string): Promise<DealView | null> {
    const params: unknown[] = [investor.workspaceId, id];
    const rows = (await this.db.manager.query(
      `SELECT ${DEAL_COLUMNS} FROM deals WHERE tenant_id = $1 AND id = $2 AND ${this.owned(investor, params)}`,
      params,
    )) as DealRow[];
    return rows[0] ? dealView(rows[0]) : null;
  }

  async listDeals(investor: Investor, filter: DealFilter): Promise<Page<DealView>> {
    const params: unknown[] = [investor.workspaceId];
    const where = ['tenant_id = $1', this.owned(investor, params)];
    if (filter.status) {
      params.push(filter.status);
      where.push(`status = $${params.length}::deal_status`);
    }
    if (filter.stage) {
      params.push(filter.stage);
      where.push(`stage = $${params.length}`);
    }
    this.after(filter.cursor, params, where);
    params.push(filter.limit + 1);
    const rows = (await this.db.manager.query(
      `SELECT ${DEAL_COLUMNS}, ${CURSOR_AT_SQL} AS cursor_at FROM deals
        WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    )) as Array<DealRow & { cursor_at: string }>;
    return toPage(rows, filter.limit, dealView, (r) => [r.cursor_at, r.id]);
  }

  async pipelineBoard(investor: Investor): Promise<PipelineStageView[]> {
    const params: unknown[] = [investor.workspaceId];
    const rows = (await this.db.manager.query(
      `SELECT stage, count(*)::int AS count,
              COALESCE(sum(estimated_value), 0)::numeric(14,2)::text AS total_value,
              COALESCE(sum(estimated_value * probability / 100.0), 0)::numeric(14,2)::text AS weighted_value
         FROM deals
        WHERE tenant_id = $1 AND status = 'active' AND ${this.owned(investor, params)}
        GROUP BY stage ORDER BY stage`,
      params,
    )) as Array<{ stage: string; count: number; total_value: string; weighted_value: string }>;
    return rows.map((r) => ({
      stage: r.stage,
      count: r.count,
      totalValue: r.total_value,
      weightedValue: r.weighted_value,
    }));
  }

  async nextActionsDue(investor: Investor, before: Date, limit: number): Promise<DealView[]> {
    const params: unknown[] = [investor.workspaceId, before];
    const owned = this.owned(investor, params);
    params.push(limit);
    const rows = (await this.db.manager.query(
      `SELECT ${DEAL_COLUMNS} FROM deals
        WHERE tenant_id = $1 AND status = 'active' AND next_action_due IS NOT NULL
          AND next_action_due < $2 AND ${owned}
        ORDER BY next_action_due, id LIMIT $${params.length}`,
      params,
    )) as DealRow[];
    return rows.map(dealView);
  }

  async dealEvents(investor: Investor, dealId: string): Promise<DealEventView[] | null> {
    if (!(await this.deal(investor, dealId))) return null;
    const rows = (await this.db.manager.query(
      `SELECT id, event_type, description, metadata, created_at, created_by FROM deal_events
        WHERE tenant_id = $1 AND deal_id = $2
        ORDER BY created_at, (metadata->>'ledgerPosition')::bigint, id`,
      [investor.workspaceId, dealId],
    )) as Array<{
      id: string;
      event_type: string;
      description: string | null;
      metadata: Record<string, unknown> | null;
      created_at: Date;
      created_by: string | null;
    }>;
    return rows.map((r) => ({
      id: r.id,
      eventType: r.event_type,
      description: r.description,
      metadata: r.metadata ?? {},
      createdAt: r.created_at.toISOString(),
      createdBy: r.created_by,
    }));
  }

  /** Visible through the deal's owner (or the job's owner without a deal), as the policy says. */
  async aiJob(investor: Investor, id: string): Promise<AiJobView | null> {
    const params: unknown[] = [investor.workspaceId, id];
    const owned = investor.isAdmin
      ? 'TRUE'
      : (params.push(investor.userId),
        `(CASE WHEN j.deal_id IS NULL THEN j.user_id = $3
           ELSE EXISTS (SELECT 1 FROM deals d WHERE d.id = j.deal_id AND d.user_id = $3) END)`);
    const rows = (await this.db.manager.query(
      `SELECT j.id, j.user_id, j.deal_id, j.job_type, j.status::text AS status, j.input_data, j.output_data,
              j.error_message, j.attempts, j.cancel_requested, j.created_at, j.started_at, j.completed_at
         FROM ai_jobs j WHERE j.tenant_id = $1 AND j.id = $2 AND ${owned}`,
      params,
    )) as Array<{
      id: string;
      user_id: string | null;
      deal_id: string | null;
      job_type: string;
      status: string;
      input_data: Record<string, unknown>;
      output_data: Record<string, unknown> | null;
      error_message: string | null;
      attempts: number;
      cancel_requested: boolean;
      created_at: Date;
      started_at: Date | null;
      completed_at: Date | null;
    }>;
    const r = rows[0];
    if (!r) return null;
    return {
      id: r.id,
      userId: r.user_id,
      dealId: r.deal_id,
      jobType: r.job_type,
      status: r.status,
      inputData: r.input_data,
      outputData: r.output_data,
      errorMessage: r.error_message,
      attempts: r.attempts,
      cancelRequested: r.cancel_requested,
      createdAt: r.created_at.toISOString(),
      startedAt: r.started_at?.toISOString() ?? null,
      completedAt: r.completed_at?.toISOString() ?? null,
    };
  }

  async document(investor: Investor, id: string): Promise<DocumentView | null> {
    const params: unknown[] = [investor.workspaceId, id];
    const rows = (await this.db.manager.query(
      `SELECT d.id, d.user_id, d.title, d.type::text AS type, d.property_id, d.deal_id, d.file_size, d.content_type,
              d.metadata->>'sha256' AS sha256, d.created_at,
              COALESCE((SELECT jsonb_agg(jsonb_build_object('propertyId', l.property_id, 'isPrimary', l.is_primary)
                                         ORDER BY l.is_primary DESC, l.created_at)
                          FROM re_property_documents l WHERE l.document_id = d.id), '[]'::jsonb) AS properties
         FROM re_documents d WHERE d.tenant_id = $1 AND d.id = $2 AND ${this.owned(investor, params)}`,
      params,
    )) as Array<{
      id: string;
      user_id: string;
      title: string;
      type: string;
      property_id: string | null;
      deal_id: string | null;
      file_size: number | null;
      content_type: string | null;
      sha256: string | null;
      created_at: Date;
      properties: Array<{ propertyId: string; isPrimary: boolean }>;
    }>;
    const r = rows[0];
    if (!r) return null;
    return {
      id: r.id,
      userId: r.user_id,
      title: r.title,
      type: r.type,
      propertyId: r.property_id,
      dealId: r.deal_id,
      fileSize: r.file_size,
      contentType: r.content_type,
      sha256: r.sha256,
      createdAt: r.created_at.toISOString(),
      properties: r.properties,
    };
  }

  /** Keyset continuation after a `[created_at, id]` cursor, newest first. */
  private after(cursor: string | undefined, params: unknown[], where: string[]): void {
    const after = decodeCursor(cursor, 2);
    if (!after) return;
    const [createdAt, id] = after;
    if (
      typeof createdAt !== 'string' ||
      typeof id !== 'string' ||
      !CURSOR_AT.test(createdAt) ||
      !UUID.test(id)
    )
      throw new InvalidCursorError();
    params.push(createdAt, id);
    where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }

  async documentFile(investor: Investor, id: string): Promise<DocumentFile | null> {
    const params: unknown[] = [investor.workspaceId, id];
    const rows = (await this.db.manager.query(
      `SELECT id, title, file_url, content_type, file_size, deal_id
         FROM re_documents WHERE tenant_id = $1 AND id = $2 AND ${this.owned(investor, params)}`,
      params,
    )) as Array<{
      id: string;
      title: string;
      file_url: string;
      content_type: string | null;
      file_size: number | null;
      deal_id: string | null;
    }>;
    const r = rows[0];
    return r
      ? {
          id: r.id,
          title: r.title,
          fileUrl: r.file_url,
          contentType: r.content_type,
          fileSize: r.file_size,
          dealId: r.deal_id,
        }
      : null;
  }

  async leadDocuments(investor: Investor, leadId: string): Promise<LeadDocumentView[] | null> {
    const params: unknown[] = [investor.workspaceId, leadId];
    const lead = (await this.db.manager.query(
      `SELECT id FROM leads WHERE workspace_id = $1 AND id = $2 AND NOT is_deleted AND ${this.owned(investor, params)}`,
      params,
    )) as unknown[];
    if (lead.length === 0) return null;
    const rows = (await this.db.manager.query(
      `SELECT ld.id, ld.lead_id, d.id AS document_id, ld.title, ld.type::text AS type, ld.file_size, ld.created_at
         FROM re_lead_documents ld
         LEFT JOIN re_documents d ON d.tenant_id = ld.tenant_id AND d.file_url = ld.file_url
        WHERE ld.tenant_id = $1 AND ld.lead_id = $2
        ORDER BY ld.created_at, ld.id`,
      [investor.workspaceId, leadId],
    )) as Array<{
      id: string;
      lead_id: string;
      document_id: string | null;
      title: string;
      type: string;
      file_size: number | null;
      created_at: Date;
    }>;
    return rows.map((r) => ({
      id: r.id,
      leadId: r.lead_id,
      documentId: r.document_id,
      title: r.title,
      type: r.type,
      fileSize: r.file_size,
      createdAt: r.created_at.toISOString(),
    }));
  }
}
