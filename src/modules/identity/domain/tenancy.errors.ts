import { DomainError } from '@opsledger/ddd';

/** A value the edge let through (it is well-formed JSON of the right type) but the domain refuses. */
export class InvalidFieldError extends DomainError {
  constructor(code: string, field: string, message: string) {
    super(code, 'invalid_input', message, { field });
  }
}

export class TenantSlugTakenError extends DomainError {
  constructor() {
    super('IDENTITY.TENANT_SLUG_TAKEN', 'conflict', 'A tenant with this slug already exists', {
      field: 'slug',
    });
  }
}

export class TenantInactiveError extends DomainError {
  constructor() {
    super('IDENTITY.TENANT_INACTIVE', 'conflict', 'The tenant is deactivated');
  }
}

/** The account named in a request does not exist; `field` is the request field that named it. */
export class AccountNotFoundError extends DomainError {
  constructor(field: string) {
    super('IDENTITY.ACCOUNT_NOT_FOUND', 'not_found', `No account matches ${field}`, { field });
  }
}

export class AlreadyTenantMemberError extends DomainError {
  constructor() {
    super('IDENTITY.ALREADY_A_MEMBER', 'conflict', 'This user is already a member of the tenant', {
      field: 'userId',
    });
  }
}

export class ExpiryNotInFutureError extends DomainError {
  constructor() {
    super('IDENTITY.EXPIRY_NOT_IN_FUTURE', 'validation', 'expiresAt must be in the future', {
      field: 'expiresAt',
    });
  }
}

/** A tenant always keeps at least one live owner, or nobody could manage it any more. */
export class LastOwnerError extends DomainError {
  constructor() {
    super(
      'IDENTITY.LAST_OWNER',
      'conflict',
      'The last owner of a tenant cannot be removed or demoted',
    );
  }
}

export class MembershipExpiredError extends DomainError {
  constructor() {
    super(
      'AUTH.MEMBERSHIP_EXPIRED',
      'forbidden',
      'Your membership of this tenant has expired or the tenant is inactive',
    );
  }
}

export class TenantRoleRequiredError extends DomainError {
  constructor(roles: readonly string[]) {
    super(
      'AUTH.TENANT_ROLE_REQUIRED',
      'forbidden',
      `This needs one of the tenant roles: ${roles.join(', ')}`,
    );
  }
}

/** Tenant admins manage members, but only owners grant, change or take away ownership. */
export class OwnerRoleRequiredError extends DomainError {
  constructor() {
    super(
      'IDENTITY.OWNER_ROLE_REQUIRED',
      'forbidden',
      'Only a tenant owner or a platform admin can grant, change or remove ownership',
    );
  }
}

export class TenantRequiredError extends DomainError {
  constructor() {
    super('AUTH.TENANT_REQUIRED', 'forbidden', 'This needs a token for a tenant');
  }
}

export class OrganizationSlugTakenError extends DomainError {
  constructor() {
    super(
      'IDENTITY.ORGANIZATION_SLUG_TAKEN',
      'conflict',
      'An organization with this slug already exists in the tenant',
      { field: 'slug' },
    );
  }
}

export class OrganizationInactiveError extends DomainError {
  constructor() {
    super('IDENTITY.ORGANIZATION_INACTIVE', 'conflict', 'The organization is deactivated');
  }
}

export class NotATenantMemberError extends DomainError {
  constructor() {
    super('IDENTITY.NOT_A_TENANT_MEMBER', 'validation', 'The user is not a member of this tenant', {
      field: 'userId',
    });
  }
}

export class AlreadyOrganizationMemberError extends DomainError {
  constructor() {
    super(
      'IDENTITY.ALREADY_AN_ORGANIZATION_MEMBER',
      'conflict',
      'This user is already a member of the organization',
      { field: 'userId' },
    );
  }
}

export class OrganizationMemberNotFoundError extends DomainError {
  constructor(userId: string) {
    super(
      'IDENTITY.ORGANIZATION_MEMBER_NOT_FOUND',
      'not_found',
      `User ${userId} is not a member of this organization`,
    );
  }
}
