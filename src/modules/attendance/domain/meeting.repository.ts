import { Meeting } from './meeting.aggregate';

export abstract class MeetingRepository {
  /** `lock`: FOR UPDATE (a change); without it a plain read (a check-in reads the fence). */
  abstract findById(tenantId: string, id: string, lock?: boolean): Promise<Meeting | null>;
  abstract save(meeting: Meeting): Promise<void>;
}
