import { Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import { ErasureParticipant, ErasureReceipt, ErasureWork } from './erasure-participant';
import { SubjectKind } from './subject-ids';
import { SubjectKeys } from './subject-keys';

/**
 * The ledger's part of an erasure, last of all: the keys of every subject of the erasure are
 * shredded, so their values in events (and in every projection that copied them) can no
 * longer be read. Events, hashes and seals stay as they are.
 */
@Injectable()
export class LedgerErasureParticipant extends ErasureParticipant {
  readonly name = 'ledger';
  override readonly order = 1000;

  constructor(
    private readonly db: Db,
    private readonly keys: SubjectKeys,
  ) {
    super();
  }

  async erase(work: ErasureWork): Promise<ErasureReceipt[]> {
    const byKind = new Map<SubjectKind, string[]>();
    for (const s of work.subjects) byKind.set(s.kind, [...(byKind.get(s.kind) ?? []), s.subjectId]);
    await this.db.transaction(async () => {
      for (const [kind, ids] of byKind) await this.keys.shred(ids, kind);
    });
    return [
      {
        store: 'ledger',
        location: 'personal_data_keys',
        action: 'shredded',
        count: new Set(work.subjects.map((s) => s.subjectId)).size,
        note: 'personal values in events and projections are unreadable; hashes, chains and seals unchanged',
      },
    ];
  }
}
