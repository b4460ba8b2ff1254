import { DomainError } from '@opsledger/ddd';
import { ApiKeyService } from './api-key-service';

export class InvalidApiKeyError extends DomainError {
  constructor(reason: string) {
    super('ACCOUNTS.INVALID_API_KEY', 'invalid_input', `key ${reason}`, { field: 'key' });
  }
}

/** One key per service per user (spec 002 `idx_api_keys_user_service_unique`). */
export class ApiKeyAlreadyStoredError extends DomainError {
  constructor(service: ApiKeyService) {
    super(
      'ACCOUNTS.API_KEY_EXISTS',
      'conflict',
      `An API key for ${service} is already stored; replace it with PUT /api/v1/me/api-keys/${service}`,
      { field: 'service' },
    );
  }
}

export class ApiKeyNotFoundError extends DomainError {
  constructor(service: string) {
    super('API_KEY.NOT_FOUND', 'not_found', `No API key for ${service} is stored`);
  }
}

/**
 * The stored ciphertext does not open under its owner and service: tampered, copied to
 * another row, or the master secret changed. Never carries any part of the secret.
 */
export class ApiKeyUndecryptableError extends DomainError {
  constructor() {
    super(
      'ACCOUNTS.API_KEY_UNDECRYPTABLE',
      'conflict',
      'The stored API key cannot be decrypted; store it again',
    );
  }
}

export class PlanLimitReachedError extends DomainError {
  constructor(limit: string, max: number, planName: string) {
    super(
      'ACCOUNTS.PLAN_LIMIT_REACHED',
      'validation',
      `The ${planName} plan allows at most ${max} (${limit})`,
      {
        limit,
        max,
        planName,
      },
    );
  }
}

export class InvalidPlanPeriodError extends DomainError {
  constructor() {
    super(
      'ACCOUNTS.INVALID_PLAN_PERIOD',
      'validation',
      'currentPeriodEnd must be after currentPeriodStart',
      {
        field: 'currentPeriodEnd',
      },
    );
  }
}

/** Keys and plans belong to people: a client-credentials token has no vault and no plan. */
export class UserTokenRequiredError extends DomainError {
  constructor() {
    super('ACCOUNTS.USER_TOKEN_REQUIRED', 'forbidden', 'This needs the token of a signed-in user');
  }
}

export class AdminRequiredError extends DomainError {
  constructor() {
    super('AUTH.ROLE_REQUIRED', 'forbidden', 'This needs one of the roles: admin');
  }
}
