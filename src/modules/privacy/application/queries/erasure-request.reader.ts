import { Page } from '@opsledger/http';
import { ErasureRequestView } from './erasure-request.read-model';

export abstract class ErasureRequestReader {
  abstract findById(id: string): Promise<ErasureRequestView | null>;
  /** The user's most recent request. */
  abstract latestOf(userId: string): Promise<ErasureRequestView | null>;
  /** Whether the user has a request still scheduled or running. */
  abstract hasOpen(userId: string): Promise<boolean>;
  /** Newest first. */
  abstract list(limit: number, cursor: string | null): Promise<Page<ErasureRequestView>>;
}
