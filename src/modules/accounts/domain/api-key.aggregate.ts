import { AggregateRoot } from '@opsledger/ddd';
import { EncryptedApiKey } from './api-key-cipher.port';
import { ApiKeyService, ApiKeyStatus } from './api-key-service';
import {
  ApiKeyCheckedEvent,
  ApiKeyRemovedEvent,
  ApiKeyReplacedEvent,
  ApiKeyStoredEvent,
} from './events/api-key.events';

export interface ApiKeyState {
  userId: string;
  service: ApiKeyService;
  lastFour: string;
  encrypted: EncryptedApiKey;
  status: ApiKeyStatus;
  lastChecked: Date | null;
  createdAt: Date;
  removed: boolean;
}

export interface StoreApiKeyProps {
  id: string;
  userId: string;
  service: ApiKeyService;
  lastFour: string;
  encrypted: EncryptedApiKey;
}

export interface HealthCheckResult {
  healthy: boolean;
  reason: string | null;
}

/**
 * One user's key for one service (spec 002 `api_keys`). The aggregate holds the key only
 * encrypted; it never sees the plaintext, and its events carry metadata only.
 */
export class ApiKey extends AggregateRoot {
  readonly streamType = 'api-key';

  private constructor(
    id: string,
    version: number,
    private state: ApiKeyState,
  ) {
    super(id, version);
  }

  static store(props: StoreApiKeyProps, now = new Date()): ApiKey {
    const key = new ApiKey(props.id, 0, {
      userId: props.userId,
      service: props.service,
      lastFour: props.lastFour,
      encrypted: { ...props.encrypted },
      status: 'active',
      lastChecked: null,
      createdAt: now,
      removed: false,
    });
    key.record(
      new ApiKeyStoredEvent(props.id, {
        userId: props.userId,
        service: props.service,
        lastFour: props.lastFour,
        status: 'active',
      }),
    );
    return key;
  }

  static rehydrate(id: string, version: number, state: ApiKeyState): ApiKey {
    return new ApiKey(id, version, { ...state, encrypted: { ...state.encrypted } });
  }

  get snapshot(): Readonly<ApiKeyState> {
    return this.state;
  }

  get userId(): string {
    return this.state.userId;
  }

  get service(): ApiKeyService {
    return this.state.service;
  }

  /** A new key starts over as `active`: the old one's health says nothing about it. */
  replace(lastFour: string, encrypted: EncryptedApiKey): void {
    const previous = {
      lastFour: this.state.lastFour,
      status: this.state.status,
      lastChecked: this.isoOf(this.state.lastChecked),
    };
    this.state = {
      ...this.state,
      lastFour,
      encrypted: { ...encrypted },
      status: 'active',
      lastChecked: null,
    };
    this.record(
      new ApiKeyReplacedEvent(
        this.id,
        {
          userId: this.state.userId,
          service: this.state.service,
          lastFour,
          status: 'active',
          lastChecked: null,
        },
        previous,
      ),
    );
  }

  /** Every check is a fact worth keeping, even when the status does not change. */
  recordHealthCheck(result: HealthCheckResult, now = new Date()): void {
    const status: ApiKeyStatus = result.healthy ? 'healthy' : 'unhealthy';
    const previous = { status: this.state.status, lastChecked: this.isoOf(this.state.lastChecked) };
    this.state = { ...this.state, status, lastChecked: now };
    this.record(
      new ApiKeyCheckedEvent(
        this.id,
        {
          userId: this.state.userId,
          service: this.state.service,
          status,
          lastChecked: now.toISOString(),
          reason: result.healthy ? null : result.reason,
        },
        previous,
      ),
    );
  }

  remove(): void {
    if (this.state.removed) return;
    this.state = { ...this.state, removed: true };
    this.record(
      new ApiKeyRemovedEvent(this.id, {
        userId: this.state.userId,
        service: this.state.service,
        lastFour: this.state.lastFour,
      }),
    );
  }

  private isoOf(date: Date | null): string | null {
    return date ? date.toISOString() : null;
  }
}
