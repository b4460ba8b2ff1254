import { DomainError } from '@opsledger/ddd';

export class ContractInactiveError extends DomainError {
  constructor() {
    super('CONTRACT.INACTIVE', 'conflict', 'The contract is deactivated; reactivate it first');
  }
}

export class ContractDatesError extends DomainError {
  constructor() {
    super('CONTRACT.END_NOT_AFTER_START', 'validation', 'endDate must be after startDate', {
      field: 'endDate',
    });
  }
}

export class ContractAlreadyEndedError extends DomainError {
  constructor(endDate: string) {
    super(
      'CONTRACT.ALREADY_ENDED',
      'validation',
      `The contract ended on ${endDate}; it cannot be activated`,
      {
        field: 'endDate',
      },
    );
  }
}

export class ContractNotEndedError extends DomainError {
  constructor(endDate: string, asOf: string) {
    super(
      'CONTRACT.NOT_ENDED',
      'conflict',
      `The contract runs until ${endDate}; it has not ended on ${asOf}`,
    );
  }
}

export class ContractNumberTakenError extends DomainError {
  constructor() {
    super('CONTRACT.NUMBER_TAKEN', 'conflict', 'contractNumber is already taken in this tenant', {
      field: 'contractNumber',
    });
  }
}
