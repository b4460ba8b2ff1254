import { Page } from '@opsledger/http';
import { ApiKeyService, ApiKeyStatus } from '../../domain/api-key-service';

/** What anyone ever reads about a stored key: metadata and the last four characters. */
export interface ApiKeyView {
  id: string;
  userId: string;
  service: ApiKeyService;
  lastFour: string;
  status: ApiKeyStatus;
  lastChecked: Date | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

/** Read port: key metadata only; the ciphertext, nonce and salt are not part of any read model. */
export abstract class ApiKeyReader {
  abstract listForUser(
    userId: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<ApiKeyView>>;
  abstract getForUser(userId: string, service: ApiKeyService): Promise<ApiKeyView | null>;
}
