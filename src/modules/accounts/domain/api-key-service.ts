/** The third-party services a user may keep a key for (spec 002 `api_keys.service`). */
export const API_KEY_SERVICES = ['openai', 'stripe', 'twilio', 'sendgrid'] as const;
export type ApiKeyService = (typeof API_KEY_SERVICES)[number];

export function isApiKeyService(value: unknown): value is ApiKeyService {
  return typeof value === 'string' && (API_KEY_SERVICES as readonly string[]).includes(value);
}

/** Health of a stored key (spec 002 `api_keys.status`). */
export const API_KEY_STATUSES = ['active', 'healthy', 'unhealthy', 'inactive'] as const;
export type ApiKeyStatus = (typeof API_KEY_STATUSES)[number];
