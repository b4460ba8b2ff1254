import { DomainError } from '@opsledger/ddd';

/** A value the edge let through (well-formed JSON of the right type) that the domain refuses. */
export class InvalidCustomerFieldError extends DomainError {
  constructor(field: string, message: string) {
    super('CUSTOMER.INVALID_FIELD', 'invalid_input', message, { field });
  }
}

export class CustomerEmailTakenError extends DomainError {
  constructor() {
    super(
      'CUSTOMER.EMAIL_TAKEN',
      'conflict',
      'A customer with this email already exists in the tenant',
      { field: 'email' },
    );
  }
}

/** Work orders, invoices and contracts point at the customer: deactivate it instead. */
export class CustomerInUseError extends DomainError {
  constructor() {
    super(
      'CUSTOMER.IN_USE',
      'conflict',
      'The customer has work orders, invoices or contracts; deactivate it instead',
    );
  }
}

export class CustomerPortalUserNotAMemberError extends DomainError {
  constructor() {
    super(
      'CUSTOMER.PORTAL_USER_NOT_A_MEMBER',
      'validation',
      'The user is not a live member of this tenant',
      {
        field: 'userId',
      },
    );
  }
}

/** One portal login is one profile: a customer's or a technician's, never both or two. */
export class CustomerPortalUserTakenError extends DomainError {
  constructor() {
    super(
      'CUSTOMER.PORTAL_USER_TAKEN',
      'conflict',
      'The user is already linked to another customer or technician profile',
      {
        field: 'userId',
      },
    );
  }
}

export class CustomerPortalUserMissingError extends DomainError {
  constructor() {
    super('CUSTOMER.NO_PORTAL_USER', 'conflict', 'The customer has no portal user to unlink');
  }
}
