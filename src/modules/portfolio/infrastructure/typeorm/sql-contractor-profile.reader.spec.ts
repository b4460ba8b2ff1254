import { encodeCursor } from '@opsledger/http';
import {
  listsByName,
  nameTierCandidates,
  nameTsQuery,
  profileSearchStatement,
  rankedNameStatement,
} from './sql-contractor-profile.reader';

describe('profile search statements', () => {
  it('requires every word of the name, each as itself or one of its corrections', () => {
    expect(
      nameTsQuery([
        { term: 'pinacle', words: ['pinnacle', 'pinacle'] },
        { term: 'aerospce', words: ['aerospace'] },
      ]),
    ).toBe(`('pinacle' | 'pinnacle') & ('aerospce' | 'aerospace')`);
    expect(nameTsQuery([])).toBeNull();
  });

  it('quotes a word so it cannot change the query', () => {
    expect(nameTsQuery([{ term: `o'neil\\`, words: [] }])).toBe(`('o''neil\\\\')`);
  });

  it('walks the name order with the cursor as a row comparison on the index columns', () => {
    const { sql, params } = profileSearchStatement(
      { state: 'VA', naics: '5415' },
      { sort: 'relevance', order: 'asc', limit: 20, facets: false },
      null,
    );
    expect(sql).toMatch(/ORDER BY p\.name ASC, p\.id ASC LIMIT \$3/);
    expect(params).toEqual(['VA', '5415%', 21]);
  });

  it('ranks a name query unless its words are so common that walking the name order is shorter', () => {
    // "pinnacle aerospace": 0.2% of a million names, ranked
    expect(listsByName(2_100, 1_000_000, 21)).toBe(false);
    // "llc": 16% of them, a page found within the first ~130 names in name order
    expect(listsByName(165_000, 1_000_000, 21)).toBe(true);
    expect(listsByName(4_000, 1_000_000, 21)).toBe(false);
    expect(listsByName(5_000, 1_000_000, 21)).toBe(true);
    expect(listsByName(0, 0, 21)).toBe(false);
  });

  it('lists a name query of common words by name, the similarity checked on each row', () => {
    const { sql, params, sort } = profileSearchStatement(
      { q: 'llc' },
      { sort: 'relevance', order: 'asc', limit: 20, facets: false },
      `('llc')`,
      true,
    );
    expect(sort).toBe('name');
    expect(sql).not.toMatch(/OFFSET 0/);
    expect(sql).toMatch(/word_similarity\(\$2, p\.name\) >= 0\.45/);
    expect(sql).toMatch(/ORDER BY p\.name ASC, p\.id ASC LIMIT \$3/);
    expect(params).toEqual([`('llc')`, 'llc', 21]);
  });

  it('ranks by tiers: one correction per word, the closest kept so that there are at most 64', () => {
    expect(
      nameTierCandidates([
        { term: 'acme', words: ['acme'] },
        { term: 'co', words: ['co', 'construction', 'consulting'] },
      ]),
    ).toEqual([
      ['acme', 'co'],
      ['acme', 'construction'],
      ['acme', 'consulting'],
    ]);
    const nine = 'abcdefghi'.split('').map((c) => `w${c}`);
    const three = ['ab', 'cd', 'ef'].map((term) => ({ term, words: nine }));
    const tiers = nameTierCandidates(three)!;
    expect(tiers).toHaveLength(64); // four a word
    expect(tiers[0]).toEqual(['wa', 'wa', 'wa']);
    expect(tiers[63]).toEqual(['wd', 'wd', 'wd']);
    // a word no correction reaches: no tier, nothing found
    expect(nameTierCandidates([{ term: 'zzyzx', words: [] }])).toEqual([]);
    // words with digits, and long queries, are ranked on the GIN instead
    expect(nameTierCandidates([{ term: '123', words: [] }])).toBeNull();
    expect(nameTierCandidates([...three, ...three])).toBeNull();
    expect(nameTierCandidates([])).toBeNull();
  });

  it('walks each tier in id order, a name under its best tier only, resuming at the cursor', () => {
    const tiers = [
      { words: ['acme', 'co'], score: '1' },
      { words: ['acme', 'construction'], score: '0.875' },
      { words: ['acme', `o'neil`], score: '0.875' },
    ];
    const first = rankedNameStatement(
      { q: 'acme co', state: 'VA' },
      { sort: 'relevance', order: 'asc', limit: 20, facets: false },
      tiers,
    );
    expect(first.sort).toBe('relevance');
    // four rows: three tiers and one that holds no word
    expect(first.sql).toMatch(
      /FROM \(VALUES \(\$1::real, \$2::text, \$3::text, \$4::text\), \(\$5::real, .*, \(\$13::real, \$14::text, \$15::text, \$16::text\)\) AS t\(score, better, w1, w2\)/,
    );
    expect(first.params.slice(0, 16)).toEqual([
      ...['1', '', 'acme', 'co'],
      ...['0.875', `('acme' & 'co')`, 'acme', 'construction'],
      ...['0.875', `('acme' & 'co') | ('acme' & 'construction')`, 'acme', `o'neil`],
      ...['0', '', '', ''],
    ]);
    expect(first.sql).toMatch(
      /JOIN contractor_profile_name_words n2 ON n2\.profile_id = n1\.profile_id AND n2\.word = t\.w2/,
    );
    expect(first.sql).toMatch(/ORDER BY n1\.profile_id DESC LIMIT 21\) p/);
    expect(first.sql).toMatch(/ORDER BY t\.score DESC, p\.id DESC LIMIT \$18$/);
    expect(first.sql).toMatch(/p\.state = \$17/);
    expect(first.params.slice(16)).toEqual(['VA', 21]);
    expect(first.filtered[0]).toBe(`to_tsvector('simple', p.name) @@ $1::tsquery`);
    expect(first.filterParams).toEqual([
      `('acme' & 'co') | ('acme' & 'construction') | ('acme' & 'o''neil')`,
      'VA',
    ]);

    const id = '01a24db1-137a-704e-801c-64bd1ad4cbbb';
    const next = rankedNameStatement(
      { q: 'acme co' },
      {
        sort: 'relevance',
        order: 'asc',
        limit: 20,
        facets: false,
        cursor: encodeCursor(['relevance', 'asc', '0.875', id]),
      },
      tiers,
    );
    // better tiers are done; the cursor's tier resumes below its id, worse tiers from the top
    expect(next.sql).toMatch(/WHERE t\.score <= \$17::real\s+ORDER BY/);
    expect(next.sql).toMatch(
      /n1\.profile_id < CASE WHEN t\.score < \$17::real THEN 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid ELSE \$18::uuid END/,
    );
    expect(next.params.slice(16)).toEqual(['0.875', id, 21]);
    // a page past 20 walks 101 names a tier at most
    const large = rankedNameStatement(
      { q: 'acme co' },
      { sort: 'relevance', order: 'asc', limit: 50, facets: false },
      tiers,
    );
    expect(large.sql).toMatch(/ORDER BY n1\.profile_id DESC LIMIT 101\) p/);
  });
});
