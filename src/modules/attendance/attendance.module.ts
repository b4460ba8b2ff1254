import { Module } from '@nestjs/common';
import { registerConstraintField } from '@opsledger/persistence';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ContactsController } from './api/contacts.controller';
import { MeetingsController } from './api/meetings.controller';
import { SessionsController } from './api/sessions.controller';
import { ATTENDANCE_SETTINGS, AttendanceSettings } from './application/attendance-settings';
import { AttendanceViewers } from './application/attendance-viewer';
import { ChangeContactHandler } from './application/commands/change-contact/change-contact.handler';
import { ChangeMeetingHandler } from './application/commands/change-meeting/change-meeting.handler';
import { DeactivateMeetingHandler } from './application/commands/deactivate-meeting/deactivate-meeting.handler';
import { CreateContactHandler } from './application/commands/create-contact/create-contact.handler';
import { CreateMeetingHandler } from './application/commands/create-meeting/create-meeting.handler';
import { EndSessionHandler } from './application/commands/end-session/end-session.handler';
import { RecordPositionHandler } from './application/commands/record-position/record-position.handler';
import { SetConsentHandler } from './application/commands/set-consent/set-consent.handler';
import { RotateMeetingQrHandler } from './application/commands/rotate-meeting-qr/rotate-meeting-qr.handler';
import { StartSessionHandler } from './application/commands/start-session/start-session.handler';
import { AttendanceReader } from './application/queries/attendance.reader';
import { GetContactHandler } from './application/queries/get-contact/get-contact.handler';
import { GetMeetingAttendanceHandler } from './application/queries/get-meeting-attendance/get-meeting-attendance.handler';
import { GetMeetingQrHandler } from './application/queries/get-meeting-qr/get-meeting-qr.handler';
import { GetMeetingHandler } from './application/queries/get-meeting/get-meeting.handler';
import { GetSessionHandler } from './application/queries/get-session/get-session.handler';
import { ListContactSessionsHandler } from './application/queries/list-contact-sessions/list-contact-sessions.handler';
import { ListContactsHandler } from './application/queries/list-contacts/list-contacts.handler';
import { ListMeetingsHandler } from './application/queries/list-meetings/list-meetings.handler';
import { ListNearbyMeetingsHandler } from './application/queries/list-nearby-meetings/list-nearby-meetings.handler';
import { ReceiptSigner } from './application/receipt-signer.port';
import { AttendanceSessionRepository } from './domain/attendance-session.repository';
import { ContactRepository } from './domain/contact.repository';
import { MeetingRepository } from './domain/meeting.repository';
import { SqlAttendanceErasureParticipant } from './infrastructure/erasure/sql-attendance-erasure.participant';
import { KeyStoreReceiptSigner } from './infrastructure/key-store-receipt.signer';
import { SqlAttendanceSessionRepository } from './infrastructure/sql/sql-attendance-session.repository';
import { SqlAttendanceReader } from './infrastructure/sql/sql-attendance.reader';
import { SqlAttendanceViewers } from './infrastructure/sql/sql-attendance.viewers';
import { SqlContactRepository } from './infrastructure/sql/sql-contact.repository';
import { SqlMeetingRepository } from './infrastructure/sql/sql-meeting.repository';

registerConstraintField('uq_contacts_tenant_email', 'email');
registerConstraintField('uq_contacts_tenant_ghl_contact_id', 'ghlContactId');
registerConstraintField('uq_contacts_tenant_user', 'userId');
registerConstraintField('ck_contacts_phone_e164', 'phone');
registerConstraintField('uq_sessions_open_contact', 'contactId');

const commandHandlers = [
  CreateContactHandler,
  ChangeContactHandler,
  SetConsentHandler,
  CreateMeetingHandler,
  ChangeMeetingHandler,
  DeactivateMeetingHandler,
  RotateMeetingQrHandler,
  StartSessionHandler,
  RecordPositionHandler,
  EndSessionHandler,
];

const queryHandlers = [
  GetContactHandler,
  ListContactsHandler,
  GetMeetingHandler,
  ListMeetingsHandler,
  GetMeetingQrHandler,
  ListNearbyMeetingsHandler,
  GetSessionHandler,
  GetMeetingAttendanceHandler,
  ListContactSessionsHandler,
];

/**
 * Verified attendance (spec 004): contacts with location consent, meetings with geofences and
 * QR codes, sessions with server-decided check-ins and signed receipts, and reports.
 */
@Module({
  controllers: [MeetingsController, ContactsController, SessionsController],
  providers: [
    { provide: AttendanceViewers, useClass: SqlAttendanceViewers },
    { provide: ContactRepository, useClass: SqlContactRepository },
    { provide: MeetingRepository, useClass: SqlMeetingRepository },
    { provide: AttendanceSessionRepository, useClass: SqlAttendanceSessionRepository },
    { provide: AttendanceReader, useClass: SqlAttendanceReader },
    { provide: ReceiptSigner, useClass: KeyStoreReceiptSigner },
    {
      provide: ATTENDANCE_SETTINGS,
      useFactory: (config: AppConfig): AttendanceSettings => ({
        maxClockSkewSeconds: config.ATTENDANCE_MAX_CLOCK_SKEW_SECONDS,
      }),
      inject: [APP_CONFIG],
    },
    SqlAttendanceErasureParticipant,
    ...commandHandlers,
    ...queryHandlers,
  ],
})
export class AttendanceModule {}
