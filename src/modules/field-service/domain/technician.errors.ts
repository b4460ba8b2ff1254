import { DomainError } from '@opsledger/ddd';

/** A value the edge let through (well-formed JSON of the right type) that the domain refuses. */
export class InvalidTechnicianFieldError extends DomainError {
  constructor(field: string, message: string) {
    super('TECHNICIAN.INVALID_FIELD', 'invalid_input', message, { field });
  }
}

export class TechnicianLicenseTakenError extends DomainError {
  constructor() {
    super(
      'TECHNICIAN.LICENSE_TAKEN',
      'conflict',
      'A technician with this licence number already exists in the tenant',
      {
        field: 'licenseNumber',
      },
    );
  }
}

/** Work orders keep the technician who was assigned: deactivate instead. */
export class TechnicianInUseError extends DomainError {
  constructor() {
    super('TECHNICIAN.IN_USE', 'conflict', 'The technician has work orders; deactivate it instead');
  }
}

export class TechnicianPortalUserNotAMemberError extends DomainError {
  constructor() {
    super(
      'TECHNICIAN.PORTAL_USER_NOT_A_MEMBER',
      'validation',
      'The user is not a live member of this tenant',
      {
        field: 'userId',
      },
    );
  }
}

export class TechnicianPortalUserTakenError extends DomainError {
  constructor() {
    super(
      'TECHNICIAN.PORTAL_USER_TAKEN',
      'conflict',
      'The user is already linked to another technician or customer profile',
      {
        field: 'userId',
      },
    );
  }
}

export class TechnicianPortalUserMissingError extends DomainError {
  constructor() {
    super('TECHNICIAN.NO_PORTAL_USER', 'conflict', 'The technician has no portal user to unlink');
  }
}
