import { nameTsQuery, profileSearchStatement } from './sql-contractor-profile.reader';

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
});
