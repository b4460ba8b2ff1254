import { randomBytes } from 'node:crypto';
import { ApiKeySecret } from '../../domain/api-key-secret';
import { ApiKeyService } from '../../domain/api-key-service';
import { FormatApiKeyHealthChecker } from './format-api-key-health.checker';

const alnum = (n: number) =>
  randomBytes(n * 2)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, n)
    .padEnd(n, 'a');
const b64url = (n: number) => randomBytes(n).toString('base64url').slice(0, n);

describe('FormatApiKeyHealthChecker', () => {
  const checker = new FormatApiKeyHealthChecker();

  it.each<[ApiKeyService, string]>([
    ['openai', `sk-${b64url(48)}`],
    ['openai', `sk-proj-${b64url(40)}`],
    ['stripe', `sk_live_${alnum(24)}`],
    ['stripe', `sk_test_${alnum(24)}`],
    ['stripe', `rk_live_${alnum(24)}`],
    ['twilio', `SK${randomBytes(16).toString('hex')}`],
    ['sendgrid', `SG.${b64url(22)}.${b64url(43)}`],
  ])('a well-formed %s key is healthy', async (service, key) => {
    await expect(checker.check(service, ApiKeySecret.of(key))).resolves.toEqual({
      healthy: true,
      reason: null,
    });
  });

  it.each<[ApiKeyService, string]>([
    ['openai', `pk-${b64url(40)}`],
    ['openai', 'sk-short'],
    ['stripe', `pk_live_${alnum(24)}`],
    ['stripe', `sk_prod_${alnum(24)}`],
    ['twilio', `SK${randomBytes(15).toString('hex')}`],
    ['twilio', `AC${randomBytes(16).toString('hex')}`],
    ['twilio', `SK${'g'.repeat(32)}`],
    ['sendgrid', `SG.${b64url(22)}`],
    ['sendgrid', `sg.${b64url(22)}.${b64url(43)}`],
    ['sendgrid', `sk-${b64url(40)}`],
  ])(
    'a malformed %s key is unhealthy, with a reason that does not quote it',
    async (service, key) => {
      const result = await checker.check(service, ApiKeySecret.of(key));
      expect(result.healthy).toBe(false);
      expect(result.reason).toEqual(expect.any(String));
      expect(result.reason).not.toContain(key);
    },
  );
});
