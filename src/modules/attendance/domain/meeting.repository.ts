import { Meeting } from './meeting.aggregate';

export abstract class MeetingRepository {
  /** `lock`: FOR UPDATE (a change); without it a plain read (a check-in reads the fence). */
  abstract findById(tenantId: string, id: string, lock?: boolean): Promise<Meeting | null>;
  /**
   * The meetings of sessions, read in the round trip of the next statement of the unit of work
   * (after it): call, run that statement, then await the answer, which maps each meeting's id
   * to it.
   */
  abstract ofSessionsWithNext(
    tenantId: string,
    sessionIds: readonly string[],
  ): () => Promise<Map<string, Meeting>>;
  abstract save(meeting: Meeting): Promise<void>;
}
