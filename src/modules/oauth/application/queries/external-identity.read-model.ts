import { Page } from '@opsledger/http';

export interface ExternalIdentityView {
  id: string;
  userId: string;
  provider: string;
  subject: string;
  createdAt: Date;
}

export abstract class ExternalIdentityReader {
  abstract get(id: string): Promise<ExternalIdentityView | null>;
  abstract listForUser(
    userId: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<ExternalIdentityView>>;
  abstract findUserId(provider: string, subject: string): Promise<string | null>;
}
