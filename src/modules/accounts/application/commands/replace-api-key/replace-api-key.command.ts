import type { Actor } from '@opsledger/persistence';
import { ApiKeySecret } from '../../../domain/api-key-secret';
import { ApiKeyService } from '../../../domain/api-key-service';

export class ReplaceApiKeyCommand {
  constructor(
    readonly actor: Actor,
    readonly service: ApiKeyService,
    readonly secret: ApiKeySecret,
    /** From If-Match: the version the client saw; a mismatch is a 412. */
    readonly expectedVersion?: number,
  ) {}
}
