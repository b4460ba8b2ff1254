import type { Actor } from '@opsledger/persistence';
import { ApiKeyService } from '../../../domain/api-key-service';

export class GetApiKeyQuery {
  constructor(
    readonly actor: Actor,
    readonly service: ApiKeyService,
  ) {}
}
