import { DomainError } from '@opsledger/ddd';

export class InvalidCrmFieldError extends DomainError {
  constructor(field: string, message: string) {
    super('CRM.INVALID_FIELD', 'invalid_input', message, { field });
  }
}

/** The caller acts without a workspace (tenant) or is not a user: the CRM is per investor. */
export class InvestorRequiredError extends DomainError {
  constructor() {
    super('CRM.INVESTOR_REQUIRED', 'forbidden', 'The CRM needs a user acting in a workspace');
  }
}

/** Admins see every row of their workspace but change only their own (spec 002: view all). */
export class NotTheOwnerError extends DomainError {
  constructor(resource: string) {
    super('CRM.NOT_THE_OWNER', 'forbidden', `Only the owner of this ${resource} can change it`);
  }
}

/** An opted-out lead refused outreach: no contact attempt may be recorded or made. */
export class LeadOptedOutError extends DomainError {
  constructor() {
    super('LEAD.OPTED_OUT', 'validation', 'The lead has opted out: outreach is refused', {
      field: 'optStatus',
    });
  }
}

export class LeadDeletedError extends DomainError {
  constructor() {
    super('LEAD.DELETED', 'conflict', 'The lead is deleted');
  }
}

/** Well-formed but later than the spec allows (next year + 5). */
export class YearBuiltTooLateError extends DomainError {
  constructor(max: number) {
    super('PROPERTY.YEAR_BUILT_TOO_LATE', 'validation', `yearBuilt must be at most ${max}`, {
      field: 'yearBuilt',
    });
  }
}

export class PropertyDeletedError extends DomainError {
  constructor() {
    super('PROPERTY.DELETED', 'conflict', 'The property is deleted');
  }
}

export class DealClosedError extends DomainError {
  constructor(status: string) {
    super('DEAL.NOT_ACTIVE', 'conflict', `The deal is ${status}: only an active deal changes`, {
      field: 'status',
    });
  }
}

/** One active deal per property (spec 002's idx_deals_property_active_unique). */
export class PropertyHasActiveDealError extends DomainError {
  constructor() {
    super('DEAL.PROPERTY_HAS_ACTIVE_DEAL', 'conflict', 'The property already has an active deal', {
      field: 'propertyId',
    });
  }
}

/** A deal names a lead or property the investor does not own (or that is deleted). */
export class UnknownDealReferenceError extends DomainError {
  constructor(field: 'leadId' | 'propertyId') {
    super('DEAL.UNKNOWN_REFERENCE', 'validation', `${field} names none of your live records`, {
      field,
    });
  }
}

/** The AI job names a property, deal or document the investor does not own. */
export class UnknownAiJobTargetError extends DomainError {
  constructor(field: 'propertyId' | 'dealId' | 'documentId') {
    super('AI_JOB.UNKNOWN_TARGET', 'validation', `${field} names none of your live records`, {
      field,
    });
  }
}

export class AdminRequiredError extends DomainError {
  constructor() {
    super('SYSTEM_LOGS.ADMIN_REQUIRED', 'forbidden', 'System logs are for admins only');
  }
}

/** A shared document is the primary document of one property only. */
export class DocumentPrimaryTakenError extends DomainError {
  constructor() {
    super('DOCUMENT.PRIMARY_TAKEN', 'conflict', 'The document already has a primary property', {
      field: 'isPrimary',
    });
  }
}

/** A lead's paper names a document that is not one of the investor's own. */
export class UnknownDocumentReferenceError extends DomainError {
  constructor() {
    super('DOCUMENT.UNKNOWN_REFERENCE', 'validation', 'documentId names none of your documents', {
      field: 'documentId',
    });
  }
}
