import { Lead } from './lead.aggregate';

/** Port: leads of one workspace (state row + ledger events in one transaction). */
export abstract class LeadRepository {
  /** A live (not soft-deleted) lead, locked for the rest of the transaction. */
  abstract findLive(workspaceId: string, id: string): Promise<Lead | null>;
  /**
   * Whether a live lead exists in the workspace for the caller to read, unlocked: an admin
   * reads leads whose row lock (an UPDATE right) the policies refuse them.
   */
  abstract isVisible(workspaceId: string, id: string): Promise<boolean>;
  abstract save(lead: Lead): Promise<void>;
  /**
   * Saves a new lead unless a live lead of the workspace already has its lower(email) or phone
   * (anyone's: the unique indexes span the workspace); then nothing is written and the
   * duplicate field is answered. The surrounding transaction stays usable either way.
   */
  abstract saveUnlessDuplicate(lead: Lead): Promise<'email' | 'phone' | null>;
}
