import type { Actor } from '@opsledger/persistence';
import type { OAuthClientSettings } from '../../../domain/oauth-client.aggregate';

export class ChangeClientCommand {
  constructor(
    readonly actor: Actor,
    readonly id: string,
    readonly changes: Partial<OAuthClientSettings>,
    readonly expectedVersion?: number,
  ) {}
}
