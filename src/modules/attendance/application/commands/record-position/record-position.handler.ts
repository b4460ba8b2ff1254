import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { SessionEventRecord } from '../../../domain/attendance-session.aggregate';
import { ContactRequiredError } from '../../../domain/attendance.errors';
import { AttendanceSessionRepository } from '../../../domain/attendance-session.repository';
import { ContactRepository } from '../../../domain/contact.repository';
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

/**
 * The server decides: `ts_server` is its clock, the flag comes from the geofence rule, the
 * client's clock and the meeting's window only flag. The row, the session's new state and the
 * ledger event (with the receipt id) commit together; the receipt is signed in the same unit of
 * work, so a receipt exists only for a recorded event.
 */
@CommandHandler(RecordPositionCommand)
export class RecordPositionHandler implements ICommandHandler<
  RecordPositionCommand,
  RecordedPosition
> {
  constructor(
    private readonly db: Db,
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
    return this.db.transaction(async () => {
      // The actor's contact (with its consent) and the session's meeting travel with the
      // session's lookup: one round trip for the three reads.
      const linked = this.contacts.linkedWithNext(tenantId, userId);
      const meetingOfSession = this.meetings.ofSessionWithNext(tenantId, command.sessionId);
      const session = await this.sessions.findById(tenantId, command.sessionId);
      const contact = await linked();
      if (!contact) throw new ContactRequiredError();
      const contactId = contact.id;
      if (!session || session.snapshot.contactId !== contactId)
        throw new NotFoundError('session', command.sessionId);
      const meeting = await meetingOfSession();
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
      await this.sessions.save(session);
      const { id: eventId, type: eventType, notes: _notes, receiptId, ...facts } = event;
      const receipt = await this.signer.sign({
        ...facts,
        receiptId,
        tenantId,
        contactId,
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
    });
  }
}
