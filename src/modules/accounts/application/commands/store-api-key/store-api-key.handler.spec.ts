import { DomainError } from '@opsledger/ddd';
import type { Actor, Db } from '@opsledger/persistence';
import { ApiKeyCipher, EncryptedApiKey } from '../../../domain/api-key-cipher.port';
import { ApiKeySecret } from '../../../domain/api-key-secret';
import { ApiKeyService } from '../../../domain/api-key-service';
import { ApiKey } from '../../../domain/api-key.aggregate';
import { ApiKeyRepository } from '../../../domain/api-key.repository';
import { PLAN_LIMITS, PlanName } from '../../../domain/plan';
import { PlanLimits } from '../../../plans.public';
import { StoreApiKeyCommand } from './store-api-key.command';
import { StoreApiKeyHandler } from './store-api-key.handler';

const user: Actor = {
  id: 'u-1',
  type: 'user',
  tenantId: null,
  roles: ['user'],
  tenantRole: null,
  sessionId: null,
};
const encrypted: EncryptedApiKey = {
  ciphertext: 'v1.AAAA',
  nonce: 'Tk9OQ0U=',
  salt: 'U0FMVA==',
  keyId: null,
};

class MemoryKeys extends ApiKeyRepository {
  readonly saved: ApiKey[] = [];
  constructor(private readonly held: ApiKeyService[]) {
    super();
  }
  findByUserAndService(_userId: string, service: ApiKeyService) {
    return Promise.resolve(
      this.held.includes(service)
        ? ApiKey.rehydrate('k', 1, {
            userId: 'u-1',
            service,
            lastFour: 'abcd',
            encrypted,
            status: 'active',
            lastChecked: null,
            createdAt: new Date(),
            removed: false,
          })
        : null,
    );
  }
  countForUserExclusively() {
    return Promise.resolve(this.held.length);
  }
  save(key: ApiKey) {
    this.saved.push(key);
    return Promise.resolve();
  }
}

function handlerWith(held: ApiKeyService[], plan: PlanName = 'free') {
  const keys = new MemoryKeys(held);
  const cipher = {
    encrypt: jest.fn().mockResolvedValue(encrypted),
    decrypt: jest.fn(),
  } as unknown as ApiKeyCipher;
  const limits = {
    forUser: (userId: string) => Promise.resolve({ userId, planName: plan, ...PLAN_LIMITS[plan] }),
  } as PlanLimits;
  const db = { transaction: <T>(fn: () => Promise<T>) => fn() } as unknown as Db;
  return { handler: new StoreApiKeyHandler(db, keys, cipher, limits), keys, cipher };
}

const secret = ApiKeySecret.of('sk-test-0123456789abcdefWXYZ');

describe('StoreApiKeyHandler', () => {
  it('encrypts the key bound to the caller and the service, and saves only the encrypted form and last four', async () => {
    const { handler, keys, cipher } = handlerWith([]);
    await handler.execute(new StoreApiKeyCommand(user, 'openai', secret));
    expect(cipher.encrypt).toHaveBeenCalledWith(secret, { userId: 'u-1', service: 'openai' });
    expect(keys.saved[0].snapshot).toMatchObject({
      userId: 'u-1',
      service: 'openai',
      lastFour: 'WXYZ',
      encrypted,
    });
  });

  it('refuses a second key for the same service with a conflict naming the service', async () => {
    const { handler, keys } = handlerWith(['openai']);
    await expect(
      handler.execute(new StoreApiKeyCommand(user, 'openai', secret)),
    ).rejects.toMatchObject({
      code: 'ACCOUNTS.API_KEY_EXISTS',
      kind: 'conflict',
      details: { field: 'service' },
    });
    expect(keys.saved).toHaveLength(0);
  });

  it('refuses a key beyond the plan’s cap, and allows it on a larger plan', async () => {
    const full: ApiKeyService[] = ['openai', 'stripe'];
    const free = handlerWith(full, 'free');
    await expect(
      free.handler.execute(new StoreApiKeyCommand(user, 'twilio', secret)),
    ).rejects.toMatchObject({
      code: 'ACCOUNTS.PLAN_LIMIT_REACHED',
    });
    expect(free.keys.saved).toHaveLength(0);
    const pro = handlerWith(full, 'pro');
    await pro.handler.execute(new StoreApiKeyCommand(user, 'twilio', secret));
    expect(pro.keys.saved).toHaveLength(1);
  });

  it('refuses a token that is not a user’s', async () => {
    const { handler } = handlerWith([]);
    const client: Actor = { ...user, type: 'client' };
    await expect(
      handler.execute(new StoreApiKeyCommand(client, 'openai', secret)),
    ).rejects.toBeInstanceOf(DomainError);
  });
});
