/**
 * What other contexts may import from audit: its module (to inject what it exports) and the
 * reader of a tenant's resources' audit trail. Everything else in this folder is audit's own.
 */
export { AuditModule } from './audit.module';
export { ResourceAuditTrailReader } from './application/queries/resource-audit-trail.reader';
export type { ResourceAuditTrailPage } from './application/queries/resource-audit-trail.reader';
export type { AuditEntry, AuditActor } from './domain/audit-entry';
