import type { Actor } from '@opsledger/persistence';
import { ApiKeyService } from '../../../domain/api-key-service';

export class RemoveApiKeyCommand {
  constructor(
    readonly actor: Actor,
    readonly service: ApiKeyService,
    readonly expectedVersion?: number,
  ) {}
}
