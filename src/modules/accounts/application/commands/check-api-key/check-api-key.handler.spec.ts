import { ConcurrencyError } from '@opsledger/ddd';
import type { Actor, Db } from '@opsledger/persistence';
import { ApiKeyUndecryptableError } from '../../../domain/accounts.errors';
import { ApiKeyCipher, EncryptedApiKey } from '../../../domain/api-key-cipher.port';
import { ApiKeySecret } from '../../../domain/api-key-secret';
import { ApiKey } from '../../../domain/api-key.aggregate';
import { ApiKeyRepository } from '../../../domain/api-key.repository';
import { ApiKeyHealthChecker } from '../../api-key-health-checker.port';
import { CheckApiKeyCommand } from './check-api-key.command';
import { CheckApiKeyHandler } from './check-api-key.handler';

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
const db = { transaction: <T>(fn: () => Promise<T>) => fn() } as unknown as Db;
const loaded = (version = 1) =>
  ApiKey.rehydrate('k-1', version, {
    userId: 'u-1',
    service: 'openai',
    lastFour: 'abcd',
    encrypted,
    status: 'active',
    lastChecked: null,
    createdAt: new Date(),
    removed: false,
  });

function setup(opts: { versions?: number[]; decrypt?: () => Promise<ApiKeySecret> } = {}) {
  const versions = [...(opts.versions ?? [1, 1])];
  const saved: ApiKey[] = [];
  const keys = {
    findByUserAndService: jest.fn(() => Promise.resolve(loaded(versions.shift()))),
    countForUserExclusively: jest.fn(),
    save: jest.fn((key: ApiKey) => {
      saved.push(key);
      return Promise.resolve();
    }),
  } as unknown as ApiKeyRepository;
  const cipher = {
    encrypt: jest.fn(),
    decrypt: jest.fn(
      opts.decrypt ?? (() => Promise.resolve(ApiKeySecret.of('sk-0123456789abcdefghijklmn'))),
    ),
  } as unknown as ApiKeyCipher;
  const checker = {
    check: jest.fn().mockResolvedValue({ healthy: true, reason: null }),
  } as unknown as ApiKeyHealthChecker;
  return { handler: new CheckApiKeyHandler(db, keys, cipher, checker), saved, cipher, checker };
}

describe('CheckApiKeyHandler', () => {
  it('decrypts under the owner and service, checks and records the result', async () => {
    const { handler, saved, cipher, checker } = setup();
    await expect(handler.execute(new CheckApiKeyCommand(user, 'openai'))).resolves.toEqual({
      healthy: true,
      reason: null,
    });
    expect(cipher.decrypt).toHaveBeenCalledWith(encrypted, { userId: 'u-1', service: 'openai' });
    expect(checker.check).toHaveBeenCalledWith('openai', expect.any(ApiKeySecret));
    expect(saved[0].snapshot.status).toBe('healthy');
  });

  it('records a key that no longer decrypts as unhealthy', async () => {
    const { handler, saved, checker } = setup({
      decrypt: () => Promise.reject(new ApiKeyUndecryptableError()),
    });
    const result = await handler.execute(new CheckApiKeyCommand(user, 'openai'));
    expect(result.healthy).toBe(false);
    expect(checker.check).not.toHaveBeenCalled();
    expect(saved[0].snapshot.status).toBe('unhealthy');
  });

  it('refuses to record a result about a key that changed while it was checked', async () => {
    const { handler, saved } = setup({ versions: [1, 2] });
    await expect(handler.execute(new CheckApiKeyCommand(user, 'openai'))).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
    expect(saved).toHaveLength(0);
  });
});
