import { Contact } from './contact.aggregate';

/** Port: contacts of one tenant (state row + ledger events in one transaction). */
export abstract class ContactRepository {
  /** Locks the row for the rest of the transaction. */
  abstract findById(tenantId: string, id: string): Promise<Contact | null>;
  /** Whether the contact has granted location consent (read, not locked). */
  abstract hasConsent(tenantId: string, id: string): Promise<boolean>;
  /**
   * The same answer, read in the round trip of the next statement of the unit of work (after
   * it): call, run that statement, then await the answer.
   */
  abstract consentWithNext(tenantId: string, id: string): () => Promise<boolean>;
  abstract save(contact: Contact): Promise<void>;
}
