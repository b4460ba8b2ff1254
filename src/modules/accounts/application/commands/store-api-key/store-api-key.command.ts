import type { Actor } from '@opsledger/persistence';
import { ApiKeySecret } from '../../../domain/api-key-secret';
import { ApiKeyService } from '../../../domain/api-key-service';

export class StoreApiKeyCommand {
  constructor(
    readonly actor: Actor,
    readonly service: ApiKeyService,
    readonly secret: ApiKeySecret,
  ) {}
}
