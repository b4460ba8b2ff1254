import { ContractorDocument } from './contractor-document.aggregate';

/** Port: onboarding documents of one tenant (document store + ledger events). */
export abstract class ContractorDocumentRepository {
  abstract findById(tenantId: string, id: string): Promise<ContractorDocument | null>;
  /** The contractor's document with these bytes, if one was uploaded before. */
  abstract findByHash(
    tenantId: string,
    contractorId: string,
    hash: string,
  ): Promise<ContractorDocument | null>;
  /** Saves the state and appends the events; a deleted document's record is removed. */
  abstract save(document: ContractorDocument): Promise<void>;
}
