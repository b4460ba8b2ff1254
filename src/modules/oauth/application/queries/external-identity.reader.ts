import { Page } from '@opsledger/http';
import { ExternalIdentityView } from './external-identity.read-model';

export abstract class ExternalIdentityReader {
  abstract get(id: string): Promise<ExternalIdentityView | null>;
  abstract listForUser(
    userId: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<ExternalIdentityView>>;
  abstract findUserId(provider: string, subject: string): Promise<string | null>;
}
