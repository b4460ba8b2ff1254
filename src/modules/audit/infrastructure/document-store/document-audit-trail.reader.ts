import { Injectable } from '@nestjs/common';
import { DocumentFilter, DocumentStore } from '@opsledger/document-store';
import { Db, RequestContext } from '@opsledger/persistence';
import { PersonalDataReveal } from '@opsledger/personal-data';
import { AuditEntry } from '../../domain/audit-entry';
import { AUDIT_TRAIL } from '../../application/projections/audit-trail.projection';
import {
  AuditTrailFilter,
  AuditTrailPage,
  AuditTrailPageRequest,
  AuditTrailReader,
} from '../../application/queries/audit-trail.reader';

/**
 * Reads the projection in system scope: auditors see every tenant's trail, and the
 * document store's row-level security would otherwise narrow them to their token's tenant.
 * The projection holds personal values sealed, as the ledger does; they are revealed here,
 * or shown as `[erased]` once their person is erased (a rebuild cannot bring them back).
 */
@Injectable()
export class DocumentAuditTrailReader extends AuditTrailReader {
  constructor(
    private readonly documents: DocumentStore,
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly personalData: PersonalDataReveal,
  ) {
    super();
  }

  find(filter: AuditTrailFilter, page: AuditTrailPageRequest): Promise<AuditTrailPage> {
    return this.context.asSystem(() =>
      this.db.read(async () => {
        const found = await this.documents.find<AuditEntry>(AUDIT_TRAIL, {
          filter: toDocumentFilter(filter),
          sort: { field: 'position', direction: page.order },
          limit: page.limit,
          cursor: page.cursor ?? null,
        });
        return { ...found, items: await this.personalData.revealAll(found.items) };
      }),
    );
  }
}

function toDocumentFilter(filter: AuditTrailFilter): DocumentFilter {
  const out: DocumentFilter = {};
  if (filter.actorId !== undefined) out['actor.id'] = filter.actorId;
  if (filter.resourceType !== undefined) out.resourceType = filter.resourceType;
  if (filter.resourceId !== undefined) out.resourceId = filter.resourceId;
  if (filter.action !== undefined) out.action = filter.action;
  if (filter.tenantId !== undefined) out.tenantId = filter.tenantId;
  if (filter.result !== undefined) out.result = filter.result;
  // ISO-8601 strings in UTC with milliseconds sort as the instants they name.
  if (filter.from || filter.to) {
    out.occurredAt = {
      ...(filter.from ? { gte: filter.from.toISOString() } : {}),
      ...(filter.to ? { lte: filter.to.toISOString() } : {}),
    };
  }
  return out;
}
