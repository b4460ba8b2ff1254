import { DomainError } from '@opsledger/ddd';

export class InvalidAttendanceFieldError extends DomainError {
  constructor(field: string, message: string) {
    super('ATTENDANCE.INVALID_FIELD', 'invalid_input', message, { field });
  }
}

export class ConsentRequiredError extends DomainError {
  constructor() {
    super(
      'ATTENDANCE.CONSENT_REQUIRED',
      'forbidden',
      'The contact has not granted location consent: no position is accepted',
    );
  }
}

export class QrCodeMismatchError extends DomainError {
  constructor() {
    super(
      'ATTENDANCE.QR_MISMATCH',
      'validation',
      "The scanned code is not the meeting's current QR code",
      { field: 'qrCode' },
    );
  }
}

export class MeetingInactiveError extends DomainError {
  constructor() {
    super('ATTENDANCE.MEETING_INACTIVE', 'conflict', 'The meeting is not active', {
      field: 'meetingId',
    });
  }
}

export class OpenSessionExistsError extends DomainError {
  constructor() {
    super(
      'ATTENDANCE.OPEN_SESSION_EXISTS',
      'conflict',
      'The contact already has an open session; end or complete it first',
      { field: 'contactId' },
    );
  }
}

export class ContactEmailTakenError extends DomainError {
  constructor() {
    super('CONTACT.EMAIL_TAKEN', 'conflict', 'A contact with this email already exists', {
      field: 'email',
    });
  }
}

/** A well-formed window that cannot be: it ends before it starts. */
export class InvalidMeetingWindowError extends DomainError {
  constructor() {
    super('MEETING.INVALID_WINDOW', 'validation', 'endTime must be after startTime', {
      field: 'endTime',
    });
  }
}

export class NoAttendanceAccessError extends DomainError {
  constructor() {
    super(
      'ATTENDANCE.NO_ACCESS',
      'forbidden',
      'You are neither a coordinator nor a contact of this tenant',
    );
  }
}

export class CoordinatorRequiredError extends DomainError {
  constructor() {
    super('ATTENDANCE.COORDINATOR_REQUIRED', 'forbidden', 'Only coordinators can do this');
  }
}

export class TenantRequiredError extends DomainError {
  constructor() {
    super('AUTH.TENANT_REQUIRED', 'forbidden', 'This needs a token for a tenant');
  }
}

export class ContactRequiredError extends DomainError {
  constructor() {
    super(
      'ATTENDANCE.CONTACT_REQUIRED',
      'forbidden',
      "Only the contact's own user can do this (consent and positions are the person's own)",
    );
  }
}

/** Port: resolves the viewer from the actor (the contact link is contacts.user_id). */
