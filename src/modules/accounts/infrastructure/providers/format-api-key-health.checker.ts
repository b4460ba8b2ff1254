import { Injectable } from '@nestjs/common';
import { ApiKeyHealthChecker } from '../../application/api-key-health-checker.port';
import { ApiKeySecret } from '../../domain/api-key-secret';
import { ApiKeyService } from '../../domain/api-key-service';
import { HealthCheckResult } from '../../domain/api-key.aggregate';

/** The shape each provider gives its secret keys, and how to say so without quoting the key. */
const FORMATS: Record<ApiKeyService, { pattern: RegExp; expected: string }> = {
  openai: { pattern: /^sk-[A-Za-z0-9_-]{20,}$/, expected: 'an OpenAI key starting with sk-' },
  stripe: {
    pattern: /^(?:sk_(?:live|test)|rk_(?:live|test))_[A-Za-z0-9]{16,}$/,
    expected: 'a Stripe secret key (sk_live_, sk_test_) or restricted key (rk_live_, rk_test_)',
  },
  twilio: {
    pattern: /^SK[0-9a-fA-F]{32}$/,
    expected: 'a Twilio API key SID: SK followed by 32 hex digits',
  },
  sendgrid: {
    pattern: /^SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}$/,
    expected: 'a SendGrid key: SG. followed by two base64url parts separated by a dot',
  },
};

/**
 * The default checker: offline, format only. It never calls the provider, so tests and
 * air-gapped installs work; an adapter that does call out replaces it in the module.
 */
@Injectable()
export class FormatApiKeyHealthChecker extends ApiKeyHealthChecker {
  check(service: ApiKeyService, secret: ApiKeySecret): Promise<HealthCheckResult> {
    const format = FORMATS[service];
    const healthy = format.pattern.test(secret.reveal());
    return Promise.resolve({
      healthy,
      reason: healthy ? null : `The key does not look like ${format.expected}`,
    });
  }
}
