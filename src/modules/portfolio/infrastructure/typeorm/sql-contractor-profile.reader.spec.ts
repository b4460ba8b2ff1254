import { listsByName, nameTsQuery, profileSearchStatement } from './sql-contractor-profile.reader';

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
});
