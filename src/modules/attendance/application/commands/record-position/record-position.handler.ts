import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { EventMetadata, EventStore } from '@opsledger/event-store';
import {
  Actor,
  Db,
  GroupCommit,
  GroupOutcome,
  isDatabaseOutOfReach,
  RequestContext,
  RUN_ALONE,
} from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import {
  AttendanceSession,
  SessionEventRecord,
} from '../../../domain/attendance-session.aggregate';
import { ContactRequiredError } from '../../../domain/attendance.errors';
import { AttendanceSessionRepository } from '../../../domain/attendance-session.repository';
import { ContactRepository } from '../../../domain/contact.repository';
import { Meeting } from '../../../domain/meeting.aggregate';
import { MeetingRepository } from '../../../domain/meeting.repository';
import { SessionStatus } from '../../../domain/session-lifecycle';
import { ATTENDANCE_SETTINGS, AttendanceSettings } from '../../attendance-settings';
import { AttendanceViewers } from '../../attendance-viewer';
import { ReceiptSigner } from '../../receipt-signer.port';
import { RecordPositionCommand } from './record-position.command';

export interface RecordedPosition {
  sessionId: string;
  status: SessionStatus;
  attendedSeconds: number | null;
  event: SessionEventRecord;
  /** Compact JWS over the event's facts, verifiable against the JWKS. */
  receipt: string;
}

/** Position commands of one tenant that one unit of work takes at most. */
const POSITION_BATCH_MAX = 32;
/** Units of work of one tenant's batches running at once. */
const POSITION_BATCHES_IN_FLIGHT = 2;
/**
 * Commands waiting before a second batch starts beside a running one. Below it they join the
 * next batch: at 500 events/s, two batches side by side held 1.8 commands on average, and each
 * paid its own round trips and COMMIT.
 */
const POSITION_SECOND_BATCH_MIN = 8;

type LinkedContact = { id: string; consentGranted: boolean };

/** A command decided by its session: the event to write, and what its receipt names. */
interface Decided {
  contact: LinkedContact;
  session: AttendanceSession;
  meeting: Meeting;
  event: SessionEventRecord;
}

/** A command waiting for its batch, with what its own request would have written as its actor. */
interface Submitted {
  command: RecordPositionCommand;
  userId: string;
  by: EventMetadata;
}

/**
 * The server decides: `ts_server` is its clock, the flag comes from the geofence rule, the
 * client's clock and the meeting's window only flag. The row, the session's new state and the
 * ledger event (with the receipt id) commit together; the receipt is signed in the same unit of
 * work, so a receipt exists only for a recorded event.
 *
 * Group commit: commands that arrive while others of their tenant are being written share one
 * unit of work (`GroupCommit`): one statement locks their sessions and reads their contacts,
 * meetings and ledger heads, each command is decided by its own aggregate, and their writes go
 * with one COMMIT, each ledger event attributed to its own request (actor, ip, correlation id).
 * A command the domain refuses is answered alone with its error; when the batch's unit of work
 * fails, each of its commands is run again in a unit of work of its own. A command inside an
 * open unit of work (an `Idempotency-Key` request) joins that one instead.
 */
@CommandHandler(RecordPositionCommand)
export class RecordPositionHandler implements ICommandHandler<
  RecordPositionCommand,
  RecordedPosition
> {
  private readonly batches = new GroupCommit<Submitted, RecordedPosition>(
    (tenantId, batch) => this.recordBatch(tenantId, batch),
    {
      maxBatch: POSITION_BATCH_MAX,
      maxInFlight: POSITION_BATCHES_IN_FLIGHT,
      minConcurrentBatch: POSITION_SECOND_BATCH_MIN,
      keyOf: (submitted) => submitted.command.sessionId,
    },
  );

  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly store: EventStore,
    private readonly viewers: AttendanceViewers,
    private readonly contacts: ContactRepository,
    private readonly meetings: MeetingRepository,
    private readonly sessions: AttendanceSessionRepository,
    private readonly signer: ReceiptSigner,
    @Inject(ATTENDANCE_SETTINGS) private readonly settings: AttendanceSettings,
  ) {}

  async execute(command: RecordPositionCommand): Promise<RecordedPosition> {
    const tenantId = this.viewers.tenantOf(command.actor);
    const userId = command.actor.id;
    if (!userId) throw new ContactRequiredError();
    const submitted: Submitted = { command, userId, by: this.store.currentMetadata() };
    if (!this.db.inTransaction) {
      const recorded = await this.batches.submit(tenantId, submitted);
      if (recorded !== RUN_ALONE) return recorded;
    }
    // Alone, in the request's unit of work (an Idempotency-Key) or one of its own: a batch of one.
    return this.db.transaction(async () => {
      const [outcome] = await this.record(tenantId, [submitted]);
      if ('error' in outcome) throw outcome.error;
      return outcome.value;
    });
  }

  /**
   * One unit of work for `batch` (distinct sessions of one tenant), under the tenant's scope
   * and no user's, outside any request's context. It throws (each command then runs alone)
   * when it fails for another reason than the database being out of reach.
   */
  private recordBatch(
    tenantId: string,
    batch: readonly Submitted[],
  ): Promise<Array<GroupOutcome<RecordedPosition>>> {
    const actor: Actor = {
      id: null,
      type: 'user',
      tenantId,
      roles: [],
      tenantRole: null,
      sessionId: null,
    };
    const batchWork = this.context.detached(() =>
      this.context.run(actor, () => this.db.transaction(() => this.record(tenantId, batch))),
    );
    // A database out of reach fails every command now (503): running each alone would only
    // wait for it again. A statement or lock timeout may be one session's: each runs alone.
    return batchWork.catch((error: unknown) => {
      if (isDatabaseOutOfReach(error)) return batch.map(() => ({ error }));
      throw error;
    });
  }

  /**
   * In the open unit of work: the reads in the round trip of the statement that locks the
   * sessions, each command decided by its own aggregate (a refusal is that command's answer
   * and writes nothing), the accepted writes, each attributed to its own request, left for the
   * COMMIT. A failure from the writes on fails the unit of work.
   */
  private async record(
    tenantId: string,
    batch: readonly Submitted[],
  ): Promise<Array<GroupOutcome<RecordedPosition>>> {
    const sessionIds = batch.map(({ command }) => command.sessionId);
    const linked = this.contacts.linkedManyWithNext(tenantId, [
      ...new Set(batch.map(({ userId }) => userId)),
    ]);
    const meetingsOf = this.meetings.ofSessionsWithNext(tenantId, sessionIds);
    const sessions = new Map(
      (await this.sessions.findManyById(tenantId, sessionIds)).map((s) => [s.id, s]),
    );
    const contacts = await linked();
    const meetings = await meetingsOf();
    const decided = batch.map(({ command, userId }) => {
      const contact = contacts.get(userId) ?? null;
      const session = sessions.get(command.sessionId) ?? null;
      const meeting = session ? (meetings.get(session.snapshot.meetingId) ?? null) : null;
      try {
        return this.decide(command, contact, session, meeting);
      } catch (error) {
        return { error };
      }
    });
    const outcomes: Array<GroupOutcome<RecordedPosition>> = [];
    for (const [i, d] of decided.entries()) {
      if ('error' in d) {
        outcomes.push({ error: d.error });
        continue;
      }
      await this.sessions.save(d.session, batch[i].by);
      outcomes.push({ value: await this.answer(tenantId, d) });
    }
    return outcomes;
  }

  /** The command's event, decided by its session, or the refusal (nothing changed). */
  private decide(
    command: RecordPositionCommand,
    contact: LinkedContact | null,
    session: AttendanceSession | null,
    meeting: Meeting | null,
  ): Decided {
    if (!contact) throw new ContactRequiredError();
    if (!session || session.snapshot.contactId !== contact.id)
      throw new NotFoundError('session', command.sessionId);
    if (!meeting || meeting.id !== session.snapshot.meetingId)
      throw new NotFoundError('meeting', session.snapshot.meetingId);
    const event = session.reportPosition(
      {
        eventId: randomUUID(),
        receiptId: randomUUID(),
        type: command.type,
        fix: command.input.fix,
        accuracy: command.input.accuracy,
        tsClient: command.input.tsClient,
        tsServer: new Date(),
        qrCode: command.input.qrCode,
        notes: command.input.notes,
      },
      {
        meeting,
        consentGranted: contact.consentGranted,
        maxClockSkewMs: this.settings.maxClockSkewSeconds * 1000,
      },
    );
    return { contact, session, meeting, event };
  }

  /** The answer with its receipt, signed before the unit of work commits. */
  private async answer(
    tenantId: string,
    { contact, session, meeting, event }: Decided,
  ): Promise<RecordedPosition> {
    const { id: eventId, type: eventType, notes: _notes, receiptId, ...facts } = event;
    const receipt = await this.signer.sign({
      ...facts,
      receiptId,
      tenantId,
      contactId: contact.id,
      meetingId: meeting.id,
      sessionId: session.id,
      eventId,
      eventType,
      tsClient: event.tsClient.toISOString(),
      tsServer: event.tsServer.toISOString(),
    });
    const s = session.snapshot;
    return {
      sessionId: session.id,
      status: s.status,
      attendedSeconds: s.attendedSeconds,
      event,
      receipt,
    };
  }
}
