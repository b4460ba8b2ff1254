import type { EventMetadata } from '@opsledger/event-store';
import { AttendanceSession } from './attendance-session.aggregate';

export abstract class AttendanceSessionRepository {
  /** Locks the row for the rest of the transaction. */
  abstract findById(tenantId: string, id: string): Promise<AttendanceSession | null>;
  /**
   * Locks the rows of the sessions found (in id order, so that two units of work locking
   * overlapping sets cannot deadlock), each to be changed by one event in this unit of work.
   */
  abstract findManyById(tenantId: string, ids: readonly string[]): Promise<AttendanceSession[]>;
  /**
   * Saves the state row, inserts the new `session_events` rows and appends the ledger events.
   * `by`: who the ledger events are attributed to, when not the unit of work's actor (a
   * command of a batch sharing one unit of work).
   */
  abstract save(session: AttendanceSession, by?: Partial<EventMetadata>): Promise<void>;
}
