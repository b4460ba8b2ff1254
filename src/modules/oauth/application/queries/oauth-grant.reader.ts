import { Page } from '@opsledger/http';
import { OAuthGrantView } from './oauth-grant.read-model';

export abstract class OAuthGrantReader {
  abstract listForUser(
    userId: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<OAuthGrantView>>;
}
