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
