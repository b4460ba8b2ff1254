import { DomainEvent, NO_PERSONAL_DATA } from '@opsledger/ddd';
import { ApiKeyService, ApiKeyStatus } from '../api-key-service';

/*
 * Payloads name the service and show the last four characters at most: the key, its
 * ciphertext, nonce and salt never enter the ledger (it is append-only and exported to
 * auditors, so anything written there stays there).
 */

export class ApiKeyStoredEvent extends DomainEvent<{
  userId: string;
  service: ApiKeyService;
  lastFour: string;
  status: ApiKeyStatus;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'accounts.api-key.stored.v1';
}

export class ApiKeyReplacedEvent extends DomainEvent<{
  userId: string;
  service: ApiKeyService;
  lastFour: string;
  status: ApiKeyStatus;
  lastChecked: string | null;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'accounts.api-key.replaced.v1';
}

export class ApiKeyCheckedEvent extends DomainEvent<{
  userId: string;
  service: ApiKeyService;
  status: ApiKeyStatus;
  lastChecked: string;
  /** Why a check failed, in the checker's words (never quoting the key). */
  reason: string | null;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'accounts.api-key.checked.v1';
}

export class ApiKeyRemovedEvent extends DomainEvent<{
  userId: string;
  service: ApiKeyService;
  lastFour: string;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'accounts.api-key.removed.v1';
}
