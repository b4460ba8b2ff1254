import { Injectable } from '@nestjs/common';
import { AuditTrailReader } from '../../application/queries/audit-trail.reader';
import {
  ResourceAuditTrailPage,
  ResourceAuditTrailReader,
} from '../../application/queries/resource-audit-trail.reader';

/** The `audit_trail` table narrowed to one tenant and a set of resource ids. */
@Injectable()
export class SqlResourceAuditTrailReader extends ResourceAuditTrailReader {
  constructor(private readonly trail: AuditTrailReader) {
    super();
  }

  async find(
    tenantId: string,
    resourceIds: readonly string[],
    page: { limit: number; cursor?: string | null },
  ): Promise<ResourceAuditTrailPage> {
    if (resourceIds.length === 0) return { items: [], nextCursor: null };
    return this.trail.find(
      { tenantId: tenantId.toLowerCase(), resourceIds: resourceIds.map((id) => id.toLowerCase()) },
      { limit: page.limit, cursor: page.cursor ?? null, order: 'desc' },
    );
  }
}
