import { actionOf } from './audit-action';
import { diffFields, FieldChange } from './field-diff';
import { LedgerEventRecord } from './ledger-event';
import { redact } from './redaction';

export interface AuditActor {
  id: string | null;
  /** `user`, `client`, `system` or `anonymous`. */
  type: string;
}

/** The HTTP request behind a recorded refusal (`platform.request.refused.v1`). */
export interface RefusedRequest {
  method: string;
  route: string;
  status: number | null;
  code: string | null;
}

/**
 * One line of the audit trail: who did what to which resource, from where, with what result.
 * As projected, personal values (in old/new values and changes, `ip`, `userAgent`) are the
 * ledger's sealed envelopes; readers reveal them (see SqlAuditTrailReader).
 */
export interface AuditEntry {
  position: number;
  eventId: string;
  eventType: string;
  schemaVersion: number;
  resourceType: string;
  resourceId: string;
  streamVersion: number;
  action: string;
  request: RefusedRequest | null;
  actor: AuditActor;
  tenantId: string | null;
  ip: string | null;
  userAgent: string | null;
  correlationId: string | null;
  causationId: string | null;
  result: string;
  error: string | null;
  oldValues: Record<string, unknown> | null;
  newValues: Record<string, unknown> | null;
  changes: FieldChange[];
  occurredAt: string;
}

export const REFUSAL_EVENT_TYPE = 'platform.request.refused.v1';

function refusedRequestOf(payload: Record<string, unknown>): RefusedRequest {
  return {
    method: typeof payload.method === 'string' ? payload.method : '',
    route: typeof payload.route === 'string' ? payload.route : '',
    status: typeof payload.status === 'number' ? payload.status : null,
    code: typeof payload.code === 'string' ? payload.code : null,
  };
}

function pick(source: Record<string, unknown>, keys: Iterable<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (key in source) out[key] = source[key];
  return out;
}

/**
 * Derives the audit entry of one ledger event. Deterministic (a rebuild reproduces it byte
 * for byte) and never copies a secret: values under password/secret/token/hash keys are
 * replaced by a marker before they reach the trail.
 */
export function auditEntryOf(event: LedgerEventRecord): AuditEntry {
  const metadata = event.metadata ?? {};
  const payload = event.payload ?? {};
  const previous =
    metadata.previous && typeof metadata.previous === 'object' ? metadata.previous : null;
  let newValues: Record<string, unknown> = payload;
  let changes: FieldChange[] = [];
  if (previous) {
    changes = diffFields(previous, payload);
    newValues = pick(payload, new Set(changes.map((c) => c.field.split('.')[0])));
  }
  return {
    position: Number(event.position),
    eventId: event.eventId,
    eventType: event.eventType,
    schemaVersion: event.schemaVersion,
    resourceType: event.streamType,
    resourceId: event.streamId,
    streamVersion: event.streamVersion,
    action: actionOf(event.eventType),
    request: event.eventType === REFUSAL_EVENT_TYPE ? refusedRequestOf(payload) : null,
    actor: { id: metadata.actorId ?? null, type: metadata.actorType ?? 'anonymous' },
    tenantId: event.tenantId,
    ip: metadata.ip ?? null,
    userAgent: metadata.userAgent ?? null,
    correlationId: metadata.correlationId ?? null,
    causationId: metadata.causationId ?? null,
    result: metadata.result ?? 'success',
    error: metadata.error ?? null,
    oldValues: previous ? redact(previous) : null,
    newValues: redact(newValues),
    changes,
    occurredAt: event.occurredAt.toISOString(),
  };
}
