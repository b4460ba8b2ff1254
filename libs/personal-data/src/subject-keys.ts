import { Injectable } from '@nestjs/common';
import { DataKeyRing, SubjectCipher } from '@opsledger/crypto';
import { Db } from '@opsledger/persistence';
import { CachedSubjectKey, SubjectKeyCache } from './subject-key-cache';
import { SubjectKind, SubjectRef } from './subject-ids';
import { KEYS_SHREDDED_CHANNEL, SUBJECTS_PER_NOTIFICATION } from './subject-key-invalidation';

interface KeyRow {
  subject_id: string;
  key_id: string | null;
  wrapped_key: Buffer | null;
  /** Inserted by this very statement, with a key generated here. */
  inserted: boolean;
  /** Written by the current transaction: to be cached only once it commits. */
  uncommitted: boolean;
}

const EXISTING_KEY_COLUMNS = `subject_id::text, key_id, wrapped_key, false AS inserted,
  (xmin = pg_current_xact_id_if_assigned()::xid) AS uncommitted`;

/** The associated data a subject key is wrapped with: a wrapped key moved to another row does not open. */
const wrapAad = (subjectId: string) => `opsledger:pd-key:v1:${subjectId}`;

/**
 * Each data subject's key, kept in `personal_data_keys` wrapped by the data key ring, and in
 * memory (SubjectKeyCache) once unwrapped. Keys are created on first use, in the appending
 * transaction; a key learnt from a row the current transaction wrote is cached only after it
 * commits, so a rolled-back creation never leaves in memory a key the database does not hold.
 * Subject ids are lower-case UUIDs (as PostgreSQL returns them).
 */
@Injectable()
export class SubjectKeys {
  constructor(
    private readonly db: Db,
    private readonly ring: DataKeyRing,
    private readonly cache: SubjectKeyCache,
  ) {}

  /**
   * Keys to encrypt under, created where missing; null for a subject already erased. No round
   * trip when every key is cached, one otherwise (two when another transaction is creating the
   * same subject's key at that moment).
   */
  async forWriting(subjects: readonly SubjectRef[]): Promise<Map<string, CachedSubjectKey>> {
    const { found, missing } = this.fromCache(subjects.map((s) => s.subjectId));
    if (missing.length === 0) return found;
    const kinds = new Map(subjects.map((s) => [s.subjectId, s.kind]));
    const generation = this.cache.generation;
    const fresh = new Map(missing.map((id) => [id, SubjectCipher.generateKey()]));
    const wrapped = missing.map((id) => this.ring.wrapKey(fresh.get(id)!, wrapAad(id)));
    const rows = (await this.db.manager.query(
      `WITH inserted AS (
         INSERT INTO personal_data_keys (subject_id, subject_kind, key_id, wrapped_key)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bytea[])
         ON CONFLICT (subject_id) DO NOTHING
         RETURNING subject_id::text, key_id, wrapped_key, true AS inserted, true AS uncommitted
       )
       SELECT * FROM inserted
       UNION ALL
       SELECT ${EXISTING_KEY_COLUMNS} FROM personal_data_keys WHERE subject_id = ANY($1::uuid[])`,
      [
        missing,
        missing.map((id) => kinds.get(id)),
        wrapped.map((w) => w.keyId),
        wrapped.map((w) => w.wrapped),
      ],
    )) as KeyRow[];
    const seen = new Set(rows.map((r) => r.subject_id));
    const raced = missing.filter((id) => !seen.has(id));
    if (raced.length > 0) {
      // Another transaction inserted these keys while ours waited on the primary key; the
      // statement's snapshot predates its commit, a new statement sees it.
      rows.push(
        ...((await this.db.manager.query(
          `SELECT ${EXISTING_KEY_COLUMNS} FROM personal_data_keys WHERE subject_id = ANY($1::uuid[])`,
          [raced],
        )) as KeyRow[]),
      );
    }
    for (const row of rows)
      this.learn(row, found, generation, row.inserted ? fresh.get(row.subject_id) : undefined);
    const lost = missing.find((id) => !found.has(id));
    if (lost) throw new Error(`no data key could be found or created for subject ${lost}`);
    return found;
  }

  /** Keys to decrypt with; null for a subject that is erased (or was never given a key). */
  async forReading(subjectIds: Iterable<string>): Promise<Map<string, CachedSubjectKey>> {
    const { found, missing } = this.fromCache([...subjectIds]);
    if (missing.length === 0) return found;
    const generation = this.cache.generation;
    const rows = (await this.db.manager.query(
      `SELECT ${EXISTING_KEY_COLUMNS} FROM personal_data_keys WHERE subject_id = ANY($1::uuid[])`,
      [missing],
    )) as KeyRow[];
    for (const row of rows) this.learn(row, found, generation);
    for (const id of missing) if (!found.has(id)) found.set(id, null);
    return found;
  }

  /**
   * Destroys the keys of these subjects, in the current transaction; a subject that never had
   * a key gets a shredded row, so that nothing written about it later is readable. Returns
   * the subjects shredded now (not those shredded before).
   */
  async shred(subjectIds: readonly string[], kind: SubjectKind = 'person'): Promise<string[]> {
    const ids = [...new Set(subjectIds.map((id) => id.toLowerCase()))];
    if (ids.length === 0) return [];
    const rows = (await this.db.manager.query(
      `WITH shredded AS (
         UPDATE personal_data_keys SET wrapped_key = NULL, erased_at = now()
          WHERE subject_id = ANY($1::uuid[]) AND erased_at IS NULL
          RETURNING subject_id
       ), born_shredded AS (
         INSERT INTO personal_data_keys (subject_id, subject_kind, erased_at)
         SELECT id, $2, now() FROM unnest($1::uuid[]) AS id
          WHERE NOT EXISTS (SELECT 1 FROM personal_data_keys k WHERE k.subject_id = id)
         ON CONFLICT (subject_id) DO NOTHING
         RETURNING subject_id
       )
       SELECT subject_id::text FROM shredded UNION ALL SELECT subject_id::text FROM born_shredded`,
      [ids, kind],
    )) as Array<{ subject_id: string }>;
    // A key another transaction created meanwhile (it waited on the primary key) is live still.
    const late = (await this.db.manager.query(
      `UPDATE personal_data_keys SET wrapped_key = NULL, erased_at = now()
        WHERE subject_id = ANY($1::uuid[]) AND erased_at IS NULL RETURNING subject_id::text`,
      [ids],
    )) as [Array<{ subject_id: string }>, number];
    // Every instance (this one included) drops the keys when the shredding commits.
    for (let i = 0; i < ids.length; i += SUBJECTS_PER_NOTIFICATION) {
      await this.db.manager.query(`SELECT pg_notify($1, $2)`, [
        KEYS_SHREDDED_CHANNEL,
        ids.slice(i, i + SUBJECTS_PER_NOTIFICATION).join(','),
      ]);
    }
    this.cache.invalidate(ids);
    this.db.afterCommit(() => this.cache.invalidate(ids));
    return [...rows, ...late[0]].map((r) => r.subject_id);
  }

  private fromCache(ids: readonly string[]): {
    found: Map<string, CachedSubjectKey>;
    missing: string[];
  } {
    const found = new Map<string, CachedSubjectKey>();
    const missing = new Set<string>();
    for (const id of ids) {
      const cached = this.cache.get(id);
      if (cached === undefined) missing.add(id);
      else found.set(id, cached);
    }
    return { found, missing: [...missing] };
  }

  private learn(
    row: KeyRow,
    found: Map<string, CachedSubjectKey>,
    generation: number,
    plain?: Buffer,
  ): void {
    const id = row.subject_id;
    const key =
      row.wrapped_key && row.key_id
        ? new SubjectCipher(
            plain ??
              this.ring.unwrapKey({ keyId: row.key_id, wrapped: row.wrapped_key }, wrapAad(id)),
          )
        : null;
    found.set(id, key);
    if (row.uncommitted) this.db.afterCommit(() => this.cache.set(id, key, generation));
    else this.cache.set(id, key, generation);
  }
}
