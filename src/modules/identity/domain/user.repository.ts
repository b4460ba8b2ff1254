import { User } from './user.aggregate';

/** Port: loads and saves User aggregates (state row + ledger events in one transaction). */
export abstract class UserRepository {
  abstract findById(id: string): Promise<User | null>;
  /**
   * The same load, by a command that will save this user in its unit of work: the save may
   * then send its ledger event in the state write's round trip.
   */
  abstract findForChange(id: string): Promise<User | null>;
  abstract findByLogin(login: string): Promise<User | null>;
  abstract emailExists(email: string): Promise<boolean>;
  /** Whether any account holds the platform role `admin`. */
  abstract adminExists(): Promise<boolean>;
  abstract save(user: User): Promise<void>;
}
