import { Meeting } from './meeting.aggregate';

export abstract class MeetingRepository {
  /** `lock`: FOR UPDATE (a change); without it a plain read (a check-in reads the fence). */
  abstract findById(tenantId: string, id: string, lock?: boolean): Promise<Meeting | null>;
  /**
   * The meeting of a session, read in the round trip of the next statement of the unit of
   * work (after it): call, run that statement, then await the answer.
   */
  abstract ofSessionWithNext(tenantId: string, sessionId: string): () => Promise<Meeting | null>;
  /** `ofSessionWithNext` for several sessions: the answer maps each meeting's id to it. */
  abstract ofSessionsWithNext(
    tenantId: string,
    sessionIds: readonly string[],
  ): () => Promise<Map<string, Meeting>>;
  abstract save(meeting: Meeting): Promise<void>;
}
