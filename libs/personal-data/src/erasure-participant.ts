import { SubjectRef } from './subject-ids';

/** Where erased data lived. */
export type ErasureStore =
  'postgresql' | 'document-store' | 'object-storage' | 'redis' | 'memory' | 'ledger';

/** What happened to it: removed, kept with the personal parts replaced, or made unreadable. */
export type ErasureAction = 'deleted' | 'anonymised' | 'shredded' | 'retained';

/** One line of an erasure certificate: no personal data, only places and counts. */
export interface ErasureReceipt {
  store: ErasureStore;
  /** A table, collection, key space or bucket. */
  location: string;
  action: ErasureAction;
  count: number;
  /** Why, when it is not obvious (`kept for accounting, customer anonymised`). */
  note?: string;
}

/** A record a participant found before erasing, handed back to it when it erases. */
export interface ErasureTarget {
  kind: string;
  id: string;
  tenantId?: string | null;
}

/** What a participant holds about the person, found before anything is erased. */
export interface ErasureDiscovery {
  /**
   * Data subjects of their own whose ledger keys must be shredded with the person's (the
   * customer and technician records of a user, the aliases of their logins).
   */
  subjects?: SubjectRef[];
  /** Records to erase; the links that found them may be gone when `erase` runs again after a crash. */
  targets?: ErasureTarget[];
}

export interface ErasureWork {
  requestId: string;
  /** The user being erased. */
  userId: string;
  /** Every subject of the erasure: the user, and what each participant discovered. */
  subjects: readonly SubjectRef[];
  /** What this participant discovered. */
  targets: readonly ErasureTarget[];
}

/**
 * Port: one store's part of an erasure. Each context that keeps personal data provides one
 * (a Nest provider of the context's module extending this class; the erasure job finds them
 * all). `erase` must be idempotent: after a crash it runs again, possibly after it already
 * committed. It runs as the system, in system scope.
 */
export abstract class ErasureParticipant {
  /** Stable name, recorded with the job's progress and in the certificate. */
  abstract readonly name: string;
  /**
   * Participants run in ascending order: those that need a link to the user to find their
   * records (other contexts) before identity deletes the user; the ledger's key shredding last.
   */
  readonly order: number = 50;

  discover(_userId: string): Promise<ErasureDiscovery> {
    return Promise.resolve({});
  }

  abstract erase(work: ErasureWork): Promise<ErasureReceipt[]>;
}
