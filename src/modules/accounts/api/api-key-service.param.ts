import { Param, PipeTransform } from '@nestjs/common';
import { DomainError } from '@opsledger/ddd';
import { API_KEY_SERVICES, ApiKeyService, isApiKeyService } from '../domain/api-key-service';

class ParseApiKeyServicePipe implements PipeTransform<string, ApiKeyService> {
  transform(value: string): ApiKeyService {
    if (!isApiKeyService(value)) {
      throw new DomainError(
        'REQUEST.INVALID_SERVICE',
        'invalid_input',
        `service must be one of: ${API_KEY_SERVICES.join(', ')}`,
        {
          field: 'service',
        },
      );
    }
    return value;
  }
}

/** The `{service}` path segment; anything but a known service is a 400 naming it. */
export const ApiKeyServiceParam = () => Param('service', new ParseApiKeyServicePipe());
