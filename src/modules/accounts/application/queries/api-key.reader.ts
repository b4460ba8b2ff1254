import { Page } from '@opsledger/http';
import { ApiKeyService } from '../../domain/api-key-service';
import { ApiKeyView } from './api-key.read-model';

/** Read port: key metadata only; the ciphertext, nonce and salt are not part of any read model. */
export abstract class ApiKeyReader {
  abstract listForUser(
    userId: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<ApiKeyView>>;
  abstract getForUser(userId: string, service: ApiKeyService): Promise<ApiKeyView | null>;
}
