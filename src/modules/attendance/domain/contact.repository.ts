import { Contact } from './contact.aggregate';

/** Port: contacts of one tenant (state row + ledger events in one transaction). */
export abstract class ContactRepository {
  /** Locks the row for the rest of the transaction. */
  abstract findById(tenantId: string, id: string): Promise<Contact | null>;
  /** Whether the contact has granted location consent (read, not locked). */
  abstract hasConsent(tenantId: string, id: string): Promise<boolean>;
  /**
   * The active contacts linked to users, with whether each consents, read in the round trip of
   * the next statement of the unit of work (after it): call, run that statement, then await
   * the answer, which maps each linked user's id to its contact (a user missing from it is no
   * contact of the tenant).
   */
  abstract linkedManyWithNext(
    tenantId: string,
    userIds: readonly string[],
  ): () => Promise<Map<string, { id: string; consentGranted: boolean }>>;
  abstract save(contact: Contact): Promise<void>;
}
