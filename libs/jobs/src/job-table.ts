/** Column names of a job table; the platform `jobs` table's are the defaults. */
export interface JobColumns {
  id: string;
  tenantId: string;
  ownerId: string;
  type: string;
  payload: string;
  status: string;
  attempts: string;
  maxAttempts: string;
  runAfter: string;
  lockedBy: string;
  leaseExpiresAt: string;
  heartbeatAt: string;
  cancelRequested: string;
  lastError: string;
  result: string;
  createdAt: string;
  startedAt: string;
  completedAt: string;
}

/**
 * A table the queue mechanics run on. The platform's `jobs` is one; a context whose spec gives
 * its queue a table of its own (crm's `ai_jobs`: `job_type`, `input_data`, `output_data`,
 * `error_message`, a `job_status` enum) describes that table here and gets the same claims,
 * leases, retries, reaper, cancel and NOTIFY, with its own rows and row-level rules.
 */
export interface JobTable {
  /** Table name, also the prefix of its NOTIFY channel. */
  name: string;
  columns: JobColumns;
  /** SQL type of the status column: `text`, or an enum with the five statuses. */
  statusType: string;
}

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

const PLATFORM_COLUMNS: JobColumns = {
  id: 'id',
  tenantId: 'tenant_id',
  ownerId: 'owner_user_id',
  type: 'type',
  payload: 'payload',
  status: 'status',
  attempts: 'attempts',
  maxAttempts: 'max_attempts',
  runAfter: 'run_after',
  lockedBy: 'locked_by',
  leaseExpiresAt: 'lease_expires_at',
  heartbeatAt: 'heartbeat_at',
  cancelRequested: 'cancel_requested',
  lastError: 'last_error',
  result: 'result',
  createdAt: 'created_at',
  startedAt: 'started_at',
  completedAt: 'completed_at',
};

/**
 * Describes a job table, checking every name: they are written into SQL, so only plain
 * lower-case identifiers are accepted.
 */
export function defineJobTable(
  name: string,
  columns: Partial<JobColumns> = {},
  statusType = 'text',
): JobTable {
  const all = { ...PLATFORM_COLUMNS, ...columns };
  for (const identifier of [name, statusType, ...Object.values(all)])
    if (!IDENTIFIER.test(identifier))
      throw new Error(`"${identifier}" is not a plain SQL identifier for a job table`);
  return { name, columns: all, statusType };
}

/** The platform's own queue (migration 1763780000400). */
export const PLATFORM_JOBS: JobTable = defineJobTable('jobs');

/** The NOTIFY channel of a job table: `<table>_jobs`. */
export const channelOf = (table: JobTable): string => `${table.name}_jobs`;
