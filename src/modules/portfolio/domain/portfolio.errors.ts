import { DomainError } from '@opsledger/ddd';

export class ContractorAlreadyInListError extends DomainError {
  constructor() {
    super(
      'PORTFOLIO.CONTRACTOR_ALREADY_IN_LIST',
      'conflict',
      'This contractor is already in the list',
      { field: 'contractorProfileId' },
    );
  }
}

export class DefaultListRequiredError extends DomainError {
  constructor() {
    super(
      'PORTFOLIO.DEFAULT_LIST_REQUIRED',
      'conflict',
      'A user always has one default list: make another list the default instead',
      { field: 'isDefault' },
    );
  }
}

export class ListEditForbiddenError extends DomainError {
  constructor() {
    super('PORTFOLIO.LIST_READ_ONLY', 'forbidden', 'You may view this list but not change it');
  }
}

export class ListOwnerOnlyError extends DomainError {
  constructor(action: string) {
    super('PORTFOLIO.LIST_OWNER_ONLY', 'forbidden', `Only the list's owner can ${action}`);
  }
}

export class ShareRecipientNotMemberError extends DomainError {
  constructor() {
    super(
      'PORTFOLIO.SHARE_RECIPIENT_NOT_MEMBER',
      'validation',
      'The user to share with must be a member of this tenant',
      { field: 'userId' },
    );
  }
}

export class AlreadySharedError extends DomainError {
  constructor() {
    super('PORTFOLIO.ALREADY_SHARED', 'conflict', 'The list is already shared with this user', {
      field: 'userId',
    });
  }
}

export class ShareLinkInvalidError extends DomainError {
  constructor() {
    super(
      'PORTFOLIO.SHARE_LINK_INVALID',
      'not_found',
      'This share link is unknown, revoked or expired',
    );
  }
}

export class TenantRequiredError extends DomainError {
  constructor() {
    super('PORTFOLIO.TENANT_REQUIRED', 'forbidden', 'Lists belong to a tenant: sign in to one');
  }
}
