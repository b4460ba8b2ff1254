import { encodeCursor } from '@opsledger/http';
import { SYSTEM_ACTOR } from '@opsledger/persistence';
import { superuserClient } from '@opsledger/testing';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import { samExtractLines } from '../../src/cli/synthetic-contractors';
import { ContractorImporter } from '../../src/modules/portfolio/portfolio.public';
import { ProfileSummaryScheduler } from '../../src/modules/portfolio/infrastructure/profile-summary.scheduler';
import {
  profileSearchStatement,
  rankedNameStatement,
} from '../../src/modules/portfolio/infrastructure/typeorm/sql-contractor-profile.reader';
import type {
  ProfileFilter,
  ProfileListOptions,
} from '../../src/modules/portfolio/application/queries/contractor-profile.read-model';
import { createTestApp, TestApp } from '../support/test-app';

interface ProfileItem {
  id: string;
  uei: string;
  name: string;
  state: string;
  naicsCode: string;
  businessTypes: string[];
  score?: number;
}
interface ProfilePage {
  items: ProfileItem[];
  nextCursor: string | null;
  facets?: {
    state: Array<{ value: string; count: number }>;
    naics: Array<{ value: string; count: number }>;
  };
}

describe('contractor profile search (e2e)', () => {
  let t: TestApp;
  let su: Client;
  let token: string;
  const search = async (query: string) => {
    const res = await t.call('GET', `/api/v1/contractor-profiles?${query}`, token);
    return {
      status: res.statusCode,
      body: res.json() as ProfilePage & { errors?: Array<{ field: string }> },
    };
  };

  beforeAll(async () => {
    t = await createTestApp();
    su = await superuserClient(t.db.url);
    const bytes = Buffer.from([...samExtractLines(3000, 11)].join('\n'));
    await t.app.get(ContractorImporter).run(
      {
        source: 'sam-extract',
        fileName: 'search.dat',
        fileSha256: createHash('sha256').update(bytes).digest('hex'),
        open: () => Readable.from([bytes]),
      },
      SYSTEM_ACTOR,
    );
    await su.query('ANALYZE contractor_profiles');
    const admin = await t.loginAsAdmin();
    const user = await t.createUser(admin);
    token = (await t.login(user.email, user.password)).accessToken;
  });
  afterAll(async () => {
    await su.end();
    await t.close();
  });

  it('finds a name despite typos, best match first', async () => {
    const target = (
      await su.query<{ name: string; id: string }>(
        `SELECT id, name FROM contractor_profiles WHERE name LIKE 'PINNACLE AEROSPACE%' ORDER BY name LIMIT 1`,
      )
    ).rows[0];
    expect(target).toBeDefined();
    const { status, body } = await search(`q=${encodeURIComponent('pinacle aerospce')}&limit=50`);
    expect(status).toBe(200);
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items[0].name).toMatch(/^PINNACLE AEROSPACE/);
    const scores = body.items.map((i) => i.score!);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(body.items.some((i) => i.id === target.id)).toBe(true);
  });

  it('corrects each word of the name, and takes a word as the start of a longer one', async () => {
    const { body } = await search(`q=${encodeURIComponent('acme tech')}&limit=10`);
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items[0].name).toMatch(/^ACME TECHNOLOGIES/);
    const words = (
      await su.query<{ word: string }>(
        `SELECT word FROM contractor_profile_words WHERE word IN ('acme', 'technologies', 'llc')`,
      )
    ).rows.map((r) => r.word);
    expect(words.sort()).toEqual(['acme', 'llc', 'technologies']);
    // every word must match: a word no name holds leaves nothing
    expect((await search(`q=${encodeURIComponent('acme zzyzx')}`)).body.items).toEqual([]);
    const numbered = (
      await su.query<{ name: string }>(
        `SELECT name FROM contractor_profiles WHERE name ~ ' [0-9]+$' ORDER BY name LIMIT 1`,
      )
    ).rows[0].name;
    const exact = await search(`q=${encodeURIComponent(numbered.toLowerCase())}`);
    expect(exact.body.items[0].name).toBe(numbered);
  });

  /** Every page of a search, in order. */
  const allPages = async (query: string) => {
    const seen: ProfileItem[] = [];
    let cursor: string | null = null;
    do {
      const { status, body } = await search(
        `${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(status).toBe(200);
      seen.push(...body.items);
      cursor = body.nextCursor;
    } while (cursor);
    return seen;
  };
  const holding = async (tsquery: string) =>
    (
      await su.query<{ id: string }>(
        `SELECT id FROM contractor_profiles WHERE to_tsvector('simple', name) @@ $1::tsquery ORDER BY name, id`,
        [tsquery],
      )
    ).rows.map((r) => r.id);
  /** Best first, newest first among equals: the order a ranked name query promises. */
  const expectRanked = (items: ProfileItem[]) => {
    for (let i = 1; i < items.length; i++) {
      const [a, b] = [items[i - 1], items[i]];
      expect(a.score!).toBeGreaterThanOrEqual(b.score!);
      if (a.score === b.score) expect(a.id > b.id).toBe(true);
    }
  };

  it('lists a name query of very common words by name when asked, every page once', async () => {
    const llc = await holding('llc');
    expect(llc.length).toBeGreaterThan(200); // one name in six: past ranking's reach
    const seen = await allPages('q=llc&sort=name&limit=100');
    for (const item of seen) {
      expect(item.name).toMatch(/\bLLC\b/);
      expect(item.score).toBeGreaterThanOrEqual(0.45);
    }
    expect(seen.map((i) => i.id)).toEqual(llc);
  });

  it('ranks a name query of very common words too, every page once', async () => {
    const seen = await allPages('q=llc&limit=100');
    expectRanked(seen);
    expect(seen.map((i) => i.id).sort()).toEqual((await holding('llc')).sort());
  });

  it('ranks a typo across pages: the names holding the closest words first, each once', async () => {
    const seen = await allPages(`q=${encodeURIComponent('pinacle aerospce')}&limit=3`);
    expectRanked(seen);
    const best = await holding(`pinnacle & aerospace`);
    expect(best.length).toBeGreaterThan(3);
    expect(new Set(seen.map((i) => i.id)).size).toBe(seen.length);
    expect(
      seen
        .slice(0, best.length)
        .map((i) => i.id)
        .sort(),
    ).toEqual([...best].sort());
    expect(seen[0].score).toBe(0.684); // word similarity of "pinnacle aerospace" to the query
  });

  it('lists a name holding the words of several tiers once, under the best of them', async () => {
    // "co" is a word of the vocabulary and the start of "construction", "consulting", "corp"
    // small pages: the cursor stops inside the best tier, and the next tiers start from their top
    const seen = await allPages(`q=${encodeURIComponent('acme co')}&limit=4`);
    expectRanked(seen);
    const ids = seen.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(
      (await holding(`acme & (co | construction | consulting | corp)`)).sort(),
    );
    const exact = await holding('acme & co');
    expect(exact.length).toBeGreaterThan(0);
    expect(
      seen
        .filter((i) => i.score === 1)
        .map((i) => i.id)
        .sort(),
    ).toEqual([...exact].sort());
    // "ACME CONSTRUCTION CO 123" holds two tiers, "ACME CONSULTING CORP" two of equal score:
    // each listed once (above), with the better tier's score
    const twice = [
      ...(await holding('acme & co & (construction | consulting)')),
      ...(await holding('acme & corp & (construction | consulting)')),
    ];
    expect(twice.length).toBeGreaterThan(0);
    const withCo = new Set(exact);
    for (const id of twice)
      expect(seen.find((i) => i.id === id)?.score).toBe(withCo.has(id) ? 1 : 0.875);
    expect(seen.filter((i) => i.score !== 1).every((i) => i.score === 0.875)).toBe(true);
  });

  it('combines a ranked name query with filters, and counts its facets', async () => {
    const seen = await allPages(`q=${encodeURIComponent('acme co')}&state=VA&limit=5`);
    expectRanked(seen);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((i) => i.state === 'VA' && /^ACME /.test(i.name))).toBe(true);
    const expected = (
      await su.query<{ id: string }>(
        `SELECT id FROM contractor_profiles WHERE state = 'VA'
            AND to_tsvector('simple', name) @@ 'acme & (co | construction | consulting | corp)'::tsquery`,
      )
    ).rows.map((r) => r.id);
    expect(seen.map((i) => i.id).sort()).toEqual(expected.sort());
    const { body } = await search(`q=${encodeURIComponent('acme co')}&state=VA&facets=true`);
    expect(body.facets!.state).toEqual([{ value: 'VA', count: expected.length }]);
  });

  it('filters by UEI, state with a NAICS prefix, and business types; facets count the whole match', async () => {
    const one = (await su.query<{ uei: string }>(`SELECT uei FROM contractor_profiles LIMIT 1`))
      .rows[0];
    const byUei = await search(`uei=${one.uei.toLowerCase()}`);
    expect(byUei.body.items.map((i) => i.uei)).toEqual([one.uei]);

    const { body } = await search('state=VA&naics=5415&limit=100&facets=true');
    const expected = (
      await su.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM contractor_profiles WHERE state = 'VA' AND naics_code LIKE '5415%'`,
      )
    ).rows[0].n;
    expect(expected).toBeGreaterThan(0);
    expect(body.items.every((i) => i.state === 'VA' && i.naicsCode.startsWith('5415'))).toBe(true);
    expect(body.facets!.state).toEqual([{ value: 'VA', count: expected }]);
    expect(body.facets!.naics.reduce((sum, f) => sum + f.count, 0)).toBe(expected);

    const typed = await search('businessTypes=A2,XS&limit=100');
    expect(typed.body.items.length).toBeGreaterThan(0);
    expect(
      typed.body.items.every(
        (i) => i.businessTypes.includes('A2') && i.businessTypes.includes('XS'),
      ),
    ).toBe(true);
  });

  it('walks every page of a sorted search once', async () => {
    const total = (
      await su.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM contractor_profiles WHERE state = 'TX'`,
      )
    ).rows[0].n;
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const { status, body }: { status: number; body: ProfilePage } = await search(
        `state=TX&sort=totalContractValue&order=desc&limit=17${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(status).toBe(200);
      seen.push(...body.items.map((i) => i.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it.each([
    ['state=virginia', 'state'],
    ['naics=54x', 'naics'],
    ['uei=short', 'uei'],
    ['businessTypes=%21%21', 'businessTypes'],
    ['minContractValue=lots', 'minContractValue'],
    ['sort=price', 'sort'],
    ['facets=maybe', 'facets'],
    ['q=a', 'q'],
  ])('answers %s with a 400 naming %s', async (query, field) => {
    const { status, body } = await search(query);
    expect(status).toBe(400);
    expect(body.errors!.map((e) => e.field)).toContain(field);
  });

  it('answers a cursor of another sort with a 400, and an unknown profile with a 404', async () => {
    const first = await search('state=TX&sort=name&limit=2');
    expect(
      (await search(`state=TX&sort=registrationDate&limit=2&cursor=${first.body.nextCursor}`))
        .status,
    ).toBe(400);
    const missing = await t.call(
      'GET',
      '/api/v1/contractor-profiles/00000000-0000-4000-8000-000000000000',
      token,
    );
    expect(missing.statusCode).toBe(404);
    expect((await t.call('GET', '/api/v1/contractor-profiles', null)).statusCode).toBe(401);
  });

  it('summarises profiles by state and NAICS code once the hourly refresh ran', async () => {
    const scheduler = t.app.get(ProfileSummaryScheduler);
    expect(await scheduler.refresh()).toBe(true);
    const res = await t.call('GET', '/api/v1/contractor-profiles/summary?state=VA', token);
    expect(res.statusCode).toBe(200);
    const rows = res.json() as Array<{ state: string; naicsCode: string; contractorCount: number }>;
    const expected = (
      await su.query<{ naics_code: string; n: number }>(
        `SELECT naics_code, count(*)::int AS n FROM contractor_profiles WHERE state = 'VA' GROUP BY 1`,
      )
    ).rows;
    expect(rows.map((r) => [r.naicsCode, r.contractorCount]).sort()).toEqual(
      expected.map((r) => [r.naics_code, r.n]).sort(),
    );
    expect(
      (await t.call('GET', '/api/v1/contractor-profiles/summary?state=va', token)).statusCode,
    ).toBe(400);
  });

  it.each([
    ['name', `to_tsvector('simple', name) @@ '(acme) & (tech | technologies)'::tsquery`],
    ['state and NAICS prefix', `state = 'VA' AND naics_code LIKE '5415%'`],
    ['business types', `business_types @> '["A2"]'::jsonb`],
    ['certifications', `certifications ?& ARRAY['sba_8a']`],
    ['UEI', `uei = 'AAAAAAAAAAAA'`],
  ])('serves the %s filter from an index', async (_label, predicate) => {
    await su.query('BEGIN');
    try {
      await su.query('SET LOCAL enable_seqscan = off');
      const plan = (
        await su.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN SELECT id FROM contractor_profiles WHERE ${predicate}`,
        )
      ).rows
        .map((r) => r['QUERY PLAN'])
        .join('\n');
      expect(plan).not.toMatch(/Seq Scan/);
      expect(plan).toMatch(/Index|Bitmap/);
    } finally {
      await su.query('ROLLBACK');
    }
  });

  it.each<[string, ProfileFilter, string | undefined]>([
    ['two words', { q: 'acme co' }, undefined],
    [
      'two words after a cursor',
      { q: 'acme co' },
      encodeCursor(['relevance', 'asc', '0.875', '00000000-0000-4000-8000-000000000000']),
    ],
    ['two words within a state', { q: 'acme co', state: 'VA' }, undefined],
    ['one word', { q: 'llc' }, undefined],
  ])(
    'walks the ranked name search (%s) on the name words index as the application role',
    async (_label, filter, cursor) => {
      const tiers =
        filter.q === 'llc'
          ? [{ words: ['llc'], score: '1' }]
          : [
              { words: ['acme', 'co'], score: '1' },
              { words: ['acme', 'construction'], score: '0.875' },
            ];
      const { sql, params } = rankedNameStatement(
        filter,
        { sort: 'relevance', order: 'asc', limit: 20, facets: false, cursor },
        tiers,
      );
      await su.query('BEGIN');
      try {
        await su.query('SET LOCAL ROLE opsledger_app');
        await su.query('SET LOCAL enable_seqscan = off');
        const plan = (await su.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params)).rows
          .map((r) => r['QUERY PLAN'])
          .join('\n');
        expect(plan).not.toMatch(/Seq Scan/);
        // (at a million profiles the planner merges the two words' lists in id order and
        // stops at the page's end: docs/performance.md, "Portfolio")
        expect(plan).toMatch(/Index.* (on|using) idx_profile_name_words/);
        expect(plan).toMatch(/Index Scan (Backward )?using contractor_profiles_pkey/);
      } finally {
        await su.query('ROLLBACK');
      }
    },
  );

  const options = (o: Partial<ProfileListOptions> = {}): ProfileListOptions => ({
    sort: 'relevance',
    order: 'asc',
    limit: 20,
    facets: false,
    ...o,
  });
  const cursorAt = (sort: string, key: string) =>
    encodeCursor([sort, 'asc', key, '00000000-0000-4000-8000-000000000000']);
  it.each<[string, ProfileFilter, ProfileListOptions, boolean]>([
    ['name', { q: 'pinacle aerospce' }, options(), false],
    ['common name words, by name', { q: 'llc' }, options({ sort: 'name' }), true],
    ['name within a state', { q: 'acme tech', state: 'VA' }, options(), false],
    ['state and NAICS prefix', { state: 'VA', naics: '5415' }, options(), true],
    [
      'state and NAICS prefix after a cursor',
      { state: 'VA', naics: '5415' },
      options({ sort: 'name', cursor: cursorAt('name', 'M') }),
      true,
    ],
    ['business types', { businessTypes: ['A2'] }, options(), true],
    ['nothing, by name', {}, options({ sort: 'name', order: 'desc' }), true],
    [
      'nothing, by contract value',
      {},
      options({ sort: 'totalContractValue', order: 'desc' }),
      true,
    ],
    [
      'nothing, by registration date after a cursor',
      {},
      options({ sort: 'registrationDate', cursor: cursorAt('registrationDate', '2015-06-30') }),
      true,
    ],
  ])(
    'runs the %s search from an index as the application role',
    async (_label, filter, opts, ordered) => {
      const { sql, params } = profileSearchStatement(
        filter,
        opts,
        filter.q === undefined
          ? null
          : filter.q === 'llc'
            ? "('llc')"
            : "('acme' | 'pinacle' | 'pinnacle') & ('tech' | 'technologies' | 'aerospce' | 'aerospace')",
        filter.q === 'llc',
      );
      await su.query('BEGIN');
      try {
        await su.query('SET LOCAL ROLE opsledger_app');
        await su.query('SET LOCAL enable_seqscan = off');
        // a list in name order must come from a btree walk, not a sort of the whole match
        if (ordered) await su.query('SET LOCAL enable_sort = off');
        const plan = (await su.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params)).rows
          .map((r) => r['QUERY PLAN'])
          .join('\n');
        expect(plan).not.toMatch(/Seq Scan/);
        expect(plan).toMatch(/Index/);
        if (ordered) expect(plan).not.toMatch(/Sort/);
      } finally {
        await su.query('ROLLBACK');
      }
    },
  );
});
