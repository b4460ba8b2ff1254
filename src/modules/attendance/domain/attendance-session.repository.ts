import { AttendanceSession } from './attendance-session.aggregate';

export abstract class AttendanceSessionRepository {
  /** Locks the row for the rest of the transaction. */
  abstract findById(tenantId: string, id: string): Promise<AttendanceSession | null>;
  /** Saves the state row, inserts the new `session_events` rows and appends the ledger events. */
  abstract save(session: AttendanceSession): Promise<void>;
}
