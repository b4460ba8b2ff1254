import { SYSTEM_ACTOR } from '@opsledger/persistence';
import { superuserClient } from '@opsledger/testing';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import {
  primeAwardLines,
  samExtractLines,
  syntheticUei,
} from '../../src/cli/synthetic-contractors';
import { IMPORT_BATCH_SIZE } from '../../src/modules/portfolio/application/contractor-importer';
import { ContractorImporter, ImportSource } from '../../src/modules/portfolio/portfolio.public';
import { createTestApp, TestApp } from '../support/test-app';

const ENTITIES = 4500;

describe('contractor import (e2e)', () => {
  let t: TestApp;
  let su: Client;
  let dir: string;
  let extract: string;
  let importer: ContractorImporter;

  const fileOf = async (source: ImportSource, path: string, open?: () => Readable) => {
    const bytes = await readFile(path);
    return {
      source,
      fileName: path.split('/').pop()!,
      fileSha256: createHash('sha256').update(bytes).digest('hex'),
      open: open ?? (() => Readable.from([bytes])),
    };
  };
  const count = async (sql: string, params: unknown[] = []) =>
    (await su.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params)).rows[0].n;

  beforeAll(async () => {
    t = await createTestApp();
    su = await superuserClient(t.db.url);
    importer = t.app.get(ContractorImporter);
    dir = await mkdtemp(join(tmpdir(), 'opsledger-portfolio-'));
    extract = join(dir, 'extract.dat');
    await writeFile(extract, [...samExtractLines(ENTITIES, 7)].join('\n') + '\n');
  });
  afterAll(async () => {
    await su.end();
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** The definition of every index of the two tables, by name. */
  const indexes = async () =>
    Object.fromEntries(
      (
        await su.query<{ name: string; definition: string }>(
          `SELECT indexname AS name, indexdef AS definition FROM pg_indexes
            WHERE tablename IN ('contractor_profiles', 'contractors', 'contractor_profile_name_words')
            ORDER BY 1`,
        )
      ).rows.map((r) => [r.name, r.definition]),
    );

  it('imports an extract into raw records and profiles, and the same file again changes nothing', async () => {
    const before = await indexes();
    expect(Object.keys(before)).toEqual(
      expect.arrayContaining([
        'idx_profiles_name',
        'idx_profiles_business_types',
        'idx_profiles_total_value',
        'idx_contractors_profile',
        'idx_profile_name_words',
      ]),
    );
    // while the empty table loads, search's indexes are set aside; the unique ones stay
    const during: Array<Promise<string[]>> = [];
    const first = await importer.run(await fileOf('sam-extract', extract), SYSTEM_ACTOR, () => {
      during.push(indexes().then(Object.keys));
    });
    for (const names of await Promise.all(during)) {
      expect(names).toEqual(
        expect.arrayContaining(['idx_profiles_uei', 'uq_contractors_source_source_id']),
      );
      expect(names).not.toContain('idx_profiles_name');
      expect(names).not.toContain('idx_contractors_profile');
      expect(names).not.toContain('idx_profile_name_words');
    }
    expect(during.length).toBeGreaterThan(0);
    // and built again, as they were, before the import reports its end
    expect(await indexes()).toEqual(before);
    expect(await count(`portfolio_suspended_indexes`)).toBe(0);
    expect(first.totals).toEqual({
      recordsRead: ENTITIES,
      inserted: ENTITIES,
      updated: 0,
      unchanged: 0,
      rejected: 0,
    });
    expect(await count(`contractors WHERE source = 'sam-extract'`)).toBe(ENTITIES);
    expect(await count(`contractor_profiles`)).toBe(ENTITIES);
    expect(await count(`contractors WHERE contractor_profile_id IS NULL`)).toBe(0);
    // every word of every name but those with digits, once, for name search's ranked walk
    const nameWords = await count(
      `contractor_profiles, unnest(tsvector_to_array(to_tsvector('simple', name))) w WHERE w !~ '[0-9]'`,
    );
    expect(nameWords).toBeGreaterThanOrEqual(3 * ENTITIES);
    expect(await count(`contractor_profile_name_words`)).toBe(nameWords);
    expect(
      await count(`(SELECT word, profile_id FROM contractor_profile_name_words
                    EXCEPT SELECT w, p.id FROM contractor_profiles p,
                           unnest(tsvector_to_array(to_tsvector('simple', p.name))) w) x`),
    ).toBe(0);
    const uei = syntheticUei(7, 10);
    const profile = (
      await su.query(
        `SELECT name, state, naics_code, business_types, metadata FROM contractor_profiles WHERE uei = $1`,
        [uei],
      )
    ).rows[0];
    expect(profile.name).toMatch(/ 10$/);
    expect(profile.state).toMatch(/^[A-Z]{2}$/);
    expect(profile.naics_code).toMatch(/^\d{6}$/);
    expect(profile.metadata.sources).toEqual(['sam-extract']);
    const updatedBefore = (await su.query(`SELECT max(updated_at) AS at FROM contractors`)).rows[0]
      .at;

    const again = await importer.run(await fileOf('sam-extract', extract), SYSTEM_ACTOR);
    expect(again.totals).toEqual({
      recordsRead: ENTITIES,
      inserted: 0,
      updated: 0,
      unchanged: ENTITIES,
      rejected: 0,
    });
    expect((await su.query(`SELECT max(updated_at) AS at FROM contractors`)).rows[0].at).toEqual(
      updatedBefore,
    );
    expect(await count(`contractor_profile_name_words`)).toBe(nameWords);
    // every batch and both runs are in the ledger
    expect(await count(`event_store WHERE event_type = 'portfolio.import.completed.v1'`)).toBe(2);
    expect(await count(`event_store WHERE event_type = 'portfolio.import.batch-applied.v1'`)).toBe(
      2 * Math.ceil(ENTITIES / IMPORT_BATCH_SIZE),
    );
  });

  it('updates the raw record and the profile of a changed entity, and reports malformed lines', async () => {
    const lines = (await readFile(extract, 'utf8')).trimEnd().split('\n');
    const header = lines[1].split('|');
    const cityAt = header.indexOf('PHYSICAL ADDRESS CITY');
    const nameAt = header.indexOf('LEGAL BUSINESS NAME');
    const cells = lines[12].split('|');
    cells[cityAt] = 'Springfield';
    const oldName = cells[nameAt];
    cells[nameAt] = 'QUILLFEATHER AEROSPACE 12';
    lines[12] = cells.join('|');
    lines.splice(20, 0, ['NOT-A-UEI', ...cells.slice(1)].join('|'));
    const changed = join(dir, 'changed.dat');
    await writeFile(changed, lines.join('\n'));
    const outcome = await importer.run(await fileOf('sam-extract', changed), SYSTEM_ACTOR);
    expect(outcome.totals).toMatchObject({
      inserted: 0,
      updated: 1,
      unchanged: ENTITIES - 1,
      rejected: 1,
    });
    expect(outcome.rejections).toEqual(['line 21: malformed UEI "NOT-A-UEI"']);
    expect(
      (await su.query(`SELECT city FROM contractor_profiles WHERE uei = $1`, [cells[0]])).rows[0]
        .city,
    ).toBe('Springfield');
    // the renamed profile's words follow its name: the new ones in, the old ones out
    const words = (
      await su.query<{ word: string }>(
        `SELECT w.word FROM contractor_profile_name_words w JOIN contractor_profiles p ON p.id = w.profile_id
          WHERE p.uei = $1 ORDER BY 1`,
        [cells[0]],
      )
    ).rows.map((r) => r.word);
    expect(oldName).not.toMatch(/QUILLFEATHER/);
    expect(words).toEqual(['aerospace', 'quillfeather']);
    // and no other profile's words moved
    expect(await count(`contractor_profile_name_words`)).toBe(
      await count(
        `contractor_profiles, unnest(tsvector_to_array(to_tsvector('simple', name))) w WHERE w !~ '[0-9]'`,
      ),
    );
  });

  it('merges the Entity API record of a known UEI into its profile, field by field', async () => {
    const uei = syntheticUei(7, 3);
    const json = join(dir, 'entities.json');
    await writeFile(
      json,
      JSON.stringify({
        totalRecords: 1,
        entityData: [
          {
            entityRegistration: {
              ueiSAM: uei,
              legalBusinessName: 'Merged Name “Ünïcode” LLC',
              registrationStatus: 'Active',
            },
            coreData: {
              physicalAddress: { city: 'Norfolk', stateOrProvinceCode: 'VA' },
              businessTypes: { businessTypeList: [{ businessTypeCode: 'A2' }] },
            },
            assertions: {
              goodsAndServices: {
                primaryNaics: '541330',
                naicsList: [{ naicsCode: '541330', naicsDescription: 'Engineering Services' }],
              },
            },
          },
        ],
      }),
    );
    const before = (
      await su.query(`SELECT cage_code FROM contractor_profiles WHERE uei = $1`, [uei])
    ).rows[0];
    // tiny chunks: the streaming parser must join elements and characters split across them
    const bytes = await readFile(json);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) =>
      bytes.subarray(i * 7, i * 7 + 7),
    );
    const outcome = await importer.run(
      await fileOf('sam-json', json, () => Readable.from(chunks)),
      SYSTEM_ACTOR,
    );
    expect(outcome.totals).toMatchObject({ recordsRead: 1, inserted: 1 });
    const profile = (
      await su.query(
        `SELECT name, city, state, naics_code, cage_code, business_types, metadata FROM contractor_profiles WHERE uei = $1`,
        [uei],
      )
    ).rows[0];
    expect(profile).toMatchObject({
      name: 'Merged Name “Ünïcode” LLC',
      city: 'Norfolk',
      state: 'VA',
      naics_code: '541330',
      cage_code: before.cage_code, // absent from the JSON: kept
      business_types: ['A2'],
    });
    expect(profile.metadata.sources).toEqual(['sam-extract', 'sam-json']);
    expect(await count(`contractors WHERE source_id = $1`, [uei])).toBe(2);
  });

  it('sums the awards of each recipient into its profile', async () => {
    const awards = join(dir, 'awards.csv');
    await writeFile(awards, [...primeAwardLines(50, 3, 7)].join('\n'));
    const outcome = await importer.run(await fileOf('usaspending-awards', awards), SYSTEM_ACTOR);
    expect(outcome.totals).toMatchObject({ recordsRead: 150, inserted: 150, rejected: 0 });
    const uei = syntheticUei(7, 5);
    const expected = (
      await su.query(
        `SELECT sum((data->>'value')::numeric) AS total, count(*)::int AS n FROM contractors
          WHERE source = 'usaspending-awards' AND data->>'recipient_uei' = $1`,
        [uei],
      )
    ).rows[0];
    const profile = (
      await su.query(
        `SELECT total_contract_value, active_contracts_count, completed_contracts_count, average_contract_value
           FROM contractor_profiles WHERE uei = $1`,
        [uei],
      )
    ).rows[0];
    expect(profile.total_contract_value).toBe(expected.total);
    expect(profile.active_contracts_count + profile.completed_contracts_count).toBe(3);
    expect(Number(profile.average_contract_value)).toBeCloseTo(Number(expected.total) / 3, 1);
  });

  it('gives a profile created after its awards their totals, and links its raw record to it', async () => {
    const awards = join(dir, 'early-awards.csv');
    await writeFile(awards, [...primeAwardLines(20, 2, 31)].join('\n'));
    await importer.run(await fileOf('usaspending-awards', awards), SYSTEM_ACTOR);
    const late = join(dir, 'late.dat');
    await writeFile(late, [...samExtractLines(20, 31)].join('\n'));
    const outcome = await importer.run(await fileOf('sam-extract', late), SYSTEM_ACTOR);
    expect(outcome.totals).toMatchObject({ recordsRead: 20, inserted: 20 });
    const uei = syntheticUei(31, 4);
    const expected = (
      await su.query(
        `SELECT sum((data->>'value')::numeric) AS total FROM contractors
          WHERE source = 'usaspending-awards' AND data->>'recipient_uei' = $1`,
        [uei],
      )
    ).rows[0];
    const profile = (
      await su.query(
        `SELECT p.total_contract_value, p.active_contracts_count + p.completed_contracts_count AS awards,
                c.contractor_profile_id = p.id AS linked
           FROM contractor_profiles p JOIN contractors c ON c.source = 'sam-extract' AND c.source_id = p.uei
          WHERE p.uei = $1`,
        [uei],
      )
    ).rows[0];
    expect(profile).toEqual({ total_contract_value: expected.total, awards: 2, linked: true });
    expect(
      await count(`contractors WHERE source = 'sam-extract' AND contractor_profile_id IS NULL`),
    ).toBe(0);
  });

  it('resumes after a crash at the last committed batch, and imports every record once', async () => {
    const fresh = join(dir, 'fresh.dat');
    await writeFile(fresh, [...samExtractLines(12000, 99)].join('\n'));
    const file = await fileOf('sam-extract', fresh);
    const bytes = await readFile(fresh);
    // the stream breaks after about 60% of the file, as a killed process would stop reading
    const broken = () =>
      Readable.from(
        (async function* () {
          yield bytes.subarray(0, Math.floor(bytes.length * 0.6));
          throw new Error('disk gone');
        })(),
      );
    await expect(importer.run({ ...file, open: broken }, SYSTEM_ACTOR)).rejects.toThrow(
      'disk gone',
    );
    const failed = (
      await su.query(`SELECT status, records_read FROM portfolio_imports WHERE file_sha256 = $1`, [
        file.fileSha256,
      ])
    ).rows[0];
    expect(failed.status).toBe('failed');
    expect(failed.records_read).toBe(IMPORT_BATCH_SIZE); // one batch committed before the break
    expect(
      await count(`contractors WHERE source = 'sam-extract' AND source_id = ANY($1)`, [
        [syntheticUei(99, 0), syntheticUei(99, 1999)],
      ]),
    ).toBe(2);

    const resumed = await importer.run(file, SYSTEM_ACTOR);
    expect(resumed.resumedAfter).toBe(IMPORT_BATCH_SIZE);
    expect(resumed.totals).toEqual({
      recordsRead: 12000,
      inserted: 12000,
      updated: 0,
      unchanged: 0,
      rejected: 0,
    });
    expect(await count(`portfolio_imports WHERE file_sha256 = $1`, [file.fileSha256])).toBe(1);
  });

  it('builds the indexes a killed import had set aside when the next import ends', async () => {
    const before = await indexes();
    // what a load killed midway leaves behind: the indexes dropped, their definitions kept
    await su.query('BEGIN');
    await su.query('SET LOCAL ROLE opsledger_app');
    expect(
      (await su.query(`SELECT portfolio_suspend_search_indexes(1000000) AS s`)).rows[0].s,
    ).toBe(true);
    await su.query('COMMIT');
    expect(Object.keys(await indexes())).not.toContain('idx_profiles_name');
    expect(await count(`portfolio_suspended_indexes`)).toBeGreaterThan(5);

    const small = join(dir, 'small.dat');
    await writeFile(small, [...samExtractLines(10, 123)].join('\n'));
    await importer.run(await fileOf('sam-extract', small), SYSTEM_ACTOR);
    expect(await indexes()).toEqual(before);
    expect(await count(`portfolio_suspended_indexes`)).toBe(0);
  });

  it('builds the set-aside indexes side by side: a builder skips the one another is building', async () => {
    const before = await indexes();
    await su.query('BEGIN');
    await su.query('SET LOCAL ROLE opsledger_app');
    await su.query(`SELECT portfolio_suspend_search_indexes(1000000)`);
    await su.query('COMMIT');
    const suspended = await count(`portfolio_suspended_indexes`);
    expect(suspended).toBeGreaterThan(5);

    const builders = [await superuserClient(t.db.url), await superuserClient(t.db.url)];
    try {
      for (const b of builders) {
        await b.query('BEGIN');
        await b.query('SET LOCAL ROLE opsledger_app');
        // a builder that waited for the other's index would fail here instead of skipping it
        await b.query(`SET LOCAL lock_timeout = '2s'`);
      }
      const next = async (b: Client) =>
        (
          await b.query<{ built: string | null }>(
            `SELECT portfolio_restore_search_index() AS built`,
          )
        ).rows[0].built;
      // the first holds its index (built, not committed) while the second takes the next ones
      const first = await next(builders[0]);
      const byTheSecond: string[] = [];
      for (let built = await next(builders[1]); built !== null; built = await next(builders[1]))
        byTheSecond.push(built);
      expect(first).not.toBeNull();
      expect(byTheSecond).not.toContain(first);
      expect(byTheSecond).toHaveLength(suspended - 1);
      // nothing is left that nobody holds, and the held one is there until its builder commits
      expect(await next(builders[0])).toBeNull();
      await builders[1].query('COMMIT');
      expect(await count(`portfolio_suspended_indexes`)).toBe(1);
      await builders[0].query('COMMIT');
    } finally {
      for (const b of builders) {
        await b.query('ROLLBACK').catch(() => undefined);
        await b.end();
      }
    }
    expect(await indexes()).toEqual(before);
    expect(await count(`portfolio_suspended_indexes`)).toBe(0);
  });

  it('loads with the indexes rather than wait for a search holding the table', async () => {
    const before = await indexes();
    const reader = await superuserClient(t.db.url);
    try {
      await reader.query('BEGIN');
      await reader.query('SELECT id FROM contractor_profiles LIMIT 1');
      const held = join(dir, 'held.dat');
      await writeFile(held, [...samExtractLines(10, 321)].join('\n'));
      const during: Array<Promise<string[]>> = [];
      const run = await importer.run(await fileOf('sam-extract', held), SYSTEM_ACTOR, () => {
        during.push(indexes().then(Object.keys));
      });
      expect(run.totals.inserted).toBe(10);
      for (const names of await Promise.all(during)) expect(names).toContain('idx_profiles_name');
      expect(await indexes()).toEqual(before);
      expect(await count(`portfolio_suspended_indexes`)).toBe(0);
    } finally {
      await reader.query('ROLLBACK');
      await reader.end();
    }
  });

  it('keeps the search indexes for a load into a table holding many profiles', async () => {
    // the threshold as the importer would see it with more profiles than it allows
    await su.query('BEGIN');
    await su.query('SET LOCAL ROLE opsledger_app');
    expect((await su.query(`SELECT portfolio_suspend_search_indexes(100) AS s`)).rows[0].s).toBe(
      false,
    );
    await su.query('ROLLBACK');
    expect(Object.keys(await indexes())).toContain('idx_profiles_name');
  });
});
