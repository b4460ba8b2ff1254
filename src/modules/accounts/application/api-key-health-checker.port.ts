import { ApiKeySecret } from '../domain/api-key-secret';
import { ApiKeyService } from '../domain/api-key-service';
import { HealthCheckResult } from '../domain/api-key.aggregate';

/**
 * Port: tells whether a key works for its service. The default adapter only checks the
 * format, offline; one that calls the provider plugs in here. `reason` must never quote the key.
 */
export abstract class ApiKeyHealthChecker {
  abstract check(service: ApiKeyService, secret: ApiKeySecret): Promise<HealthCheckResult>;
}
