import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { DocumentFilter, DocumentStore, FindOptions } from './document-store.port';
import { InvalidCursorError } from './invalid-cursor.error';
import { InvalidDocumentQueryError } from './invalid-document-query.error';

/*
 * One behaviour for every adapter: each adapter's int-spec runs this suite against its real
 * backend. Globals come from @jest/globals because this file is not a spec and the build's
 * tsconfig knows no Jest types.
 */

export interface DocumentStoreHarness {
  store: DocumentStore;
  /** Runs fn in whatever context the adapter needs, as trusted code that sees every tenant. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Runs fn as a user of that tenant, outside the system scope; enables the tenancy tests. */
  runAsTenant?<T>(tenantId: string, fn: () => Promise<T>): Promise<T>;
  teardown(): Promise<void>;
}

interface Doc {
  id: string;
  [field: string]: unknown;
}

const ids = (docs: readonly Doc[]) => docs.map((d) => d.id);
const sortedIds = (docs: readonly Doc[]) => ids(docs).sort();

function binaryCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function cursorOf(payload: unknown): string {
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

export function describeDocumentStoreContract(
  name: string,
  setup: () => Promise<DocumentStoreHarness>,
): void {
  describe(`${name}: DocumentStore contract`, () => {
    let harness: DocumentStoreHarness | undefined;
    let sequence = 0;
    const prefix = `contract_${randomUUID().slice(0, 8)}`;
    /** A collection of its own for each test, so tests share a backend but no data. */
    const freshCollection = () => `${prefix}_${sequence++}`;

    const h = (): DocumentStoreHarness => {
      if (!harness) throw new Error('the contract harness was not set up');
      return harness;
    };
    const run = <T>(fn: (store: DocumentStore) => Promise<T>): Promise<T> =>
      h().run(() => fn(h().store));

    /** Follows nextCursor to the end, checking every page respects the limit. */
    async function everyPage(
      collection: string,
      opts: Omit<FindOptions, 'cursor'>,
    ): Promise<{ items: Doc[]; pages: number }> {
      const items: Doc[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { items: Doc[]; nextCursor: string | null } = await run((s) =>
          s.find<Doc>(collection, { ...opts, cursor }),
        );
        expect(page.items.length).toBeLessThanOrEqual(opts.limit);
        if (page.nextCursor !== null) expect(page.items.length).toBe(opts.limit);
        items.push(...page.items);
        cursor = page.nextCursor;
        pages += 1;
        if (pages > 1000) throw new Error('paging does not end');
      } while (cursor !== null);
      return { items, pages };
    }

    async function seed(collection: string, docs: readonly Doc[]): Promise<void> {
      await run(async (s) => {
        for (const doc of docs) await s.upsert(collection, doc.id, doc);
      });
    }

    beforeAll(async () => {
      harness = await setup();
    });

    afterAll(async () => {
      await harness?.teardown();
    });

    describe('writing and reading', () => {
      it('upsert creates a document, then replaces it whole', async () => {
        const c = freshCollection();
        await run((s) => s.upsert(c, 'w1', { id: 'w1', title: 'first', meta: { tags: ['a'] } }));
        expect(await run((s) => s.get(c, 'w1'))).toEqual({
          id: 'w1',
          title: 'first',
          meta: { tags: ['a'] },
        });

        await run((s) => s.upsert(c, 'w1', { id: 'w1', status: 'done' }));
        expect(await run((s) => s.get(c, 'w1'))).toEqual({ id: 'w1', status: 'done' });
        expect(await run((s) => s.count(c))).toBe(1);
      });

      it('get answers null for a missing id, and collections do not share ids', async () => {
        const c = freshCollection();
        const other = freshCollection();
        await run((s) => s.upsert(c, 'same', { id: 'same', in: c }));
        await run((s) => s.upsert(other, 'same', { id: 'same', in: other }));

        expect(await run((s) => s.get(c, 'missing'))).toBeNull();
        expect(await run((s) => s.get(freshCollection(), 'same'))).toBeNull();
        expect(await run((s) => s.get(c, 'same'))).toEqual({ id: 'same', in: c });
        expect(await run((s) => s.get(other, 'same'))).toEqual({ id: 'same', in: other });
      });

      it('insertIfAbsent writes once and never overwrites, so a replayed projection write is a no-op', async () => {
        const c = freshCollection();
        expect(await run((s) => s.insertIfAbsent(c, 'e1', { id: 'e1', version: 1 }))).toBe(true);
        expect(await run((s) => s.insertIfAbsent(c, 'e1', { id: 'e1', version: 2 }))).toBe(false);
        expect(await run((s) => s.get(c, 'e1'))).toEqual({ id: 'e1', version: 1 });
        expect(await run((s) => s.count(c))).toBe(1);
      });

      it('stores JSON: a Date comes back as its ISO string and undefined fields are dropped', async () => {
        const c = freshCollection();
        const doc = {
          id: 'j1',
          at: new Date('2025-01-02T03:04:05.678Z'),
          gone: undefined,
          amount: 12.5,
          negative: -3,
          big: 9007199254740991,
          flags: [true, false, null],
          text: 'quotes " and \\ backslashes, unicode ✓',
          nested: { deeper: { empty: {}, list: [{ k: 1 }] } },
        };
        await run((s) => s.upsert(c, 'j1', doc));
        const stored = await run((s) => s.get<Record<string, unknown>>(c, 'j1'));
        expect(stored).toEqual({ ...JSON.parse(JSON.stringify(doc)) });
        expect(stored).not.toHaveProperty('gone');
        expect(stored?.at).toBe('2025-01-02T03:04:05.678Z');
      });

      it('delete answers whether it deleted', async () => {
        const c = freshCollection();
        await seed(c, [{ id: 'x1' }, { id: 'x2' }]);
        expect(await run((s) => s.delete(c, 'x1'))).toBe(true);
        expect(await run((s) => s.delete(c, 'x1'))).toBe(false);
        expect(await run((s) => s.delete(c, 'never'))).toBe(false);
        expect(await run((s) => s.get(c, 'x1'))).toBeNull();
        expect(await run((s) => s.get(c, 'x2'))).toEqual({ id: 'x2' });
      });

      it('refuses invalid collection names, ids, tenants and documents', async () => {
        const c = freshCollection();
        const refused = (p: Promise<unknown>) =>
          expect(p).rejects.toBeInstanceOf(InvalidDocumentQueryError);
        await refused(run((s) => s.upsert('bad name', 'i', {})));
        await refused(run((s) => s.upsert('system.users', 'i', {})));
        await refused(run((s) => s.upsert("x'; DROP TABLE documents; --", 'i', {})));
        await refused(run((s) => s.upsert(c, '', {})));
        await refused(run((s) => s.upsert(c, 'i'.repeat(201), {})));
        await refused(run((s) => s.upsert(c, 'i', [1, 2] as unknown as object)));
        await refused(run((s) => s.upsert(c, 'i', { text: 'nul \u0000 inside' })));
        await refused(run((s) => s.upsert(c, 'i', {}, { tenantId: 'not-a-uuid' })));
        await refused(run((s) => s.insertIfAbsent(c, 'i', null as unknown as object)));
        await refused(run((s) => s.get(c, '')));
        expect(await run((s) => s.count(c))).toBe(0);
        // An id is data, never SQL or an operator.
        const odd = `o'"; DROP TABLE documents; -- {"$gt": ""}`;
        await run((s) => s.upsert(c, odd, { id: odd }));
        expect(await run((s) => s.get(c, odd))).toEqual({ id: odd });
      });

      it('ping resolves while the backend answers', async () => {
        await expect(run((s) => s.ping())).resolves.toBeUndefined();
      });
    });

    describe('filters', () => {
      const c = `${prefix}_filters`;
      const docs: Doc[] = [
        {
          id: 'd1',
          status: 'open',
          priority: 1,
          score: 10.5,
          flagged: true,
          due: '2025-01-01T00:00:00.000Z',
          note: 'hello',
          actor: { id: 'u1', kind: 'user' },
        },
        {
          id: 'd2',
          status: 'closed',
          priority: 2,
          score: 3,
          flagged: false,
          due: '2025-02-01T00:00:00.000Z',
          actor: { id: 'u2', kind: 'user' },
        },
        {
          id: 'd3',
          status: 'open',
          priority: 3,
          score: -1,
          flagged: false,
          due: '2025-03-01T00:00:00.000Z',
          actor: { id: 'u1', kind: 'system' },
        },
        { id: 'd4', status: 'open', priority: 10, note: null, actor: { id: 'u3' } },
        { id: 'd5', status: 'pending', priority: '7', actor: null },
      ];

      beforeAll(() => seed(c, docs));

      const cases: Array<[string, DocumentFilter, string[]]> = [
        ['no filter', {}, ['d1', 'd2', 'd3', 'd4', 'd5']],
        ['string equality', { status: 'open' }, ['d1', 'd3', 'd4']],
        ['number equality', { priority: 2 }, ['d2']],
        ['fractional number equality', { score: 10.5 }, ['d1']],
        ['a number never equals its string', { priority: 7 }, []],
        ['boolean equality', { flagged: false }, ['d2', 'd3']],
        ['null matches null and missing', { note: null }, ['d2', 'd3', 'd4', 'd5']],
        ['dotted path', { 'actor.id': 'u1' }, ['d1', 'd3']],
        ['two dotted paths', { 'actor.id': 'u1', 'actor.kind': 'user' }, ['d1']],
        ['null on a path through null', { 'actor.id': null }, ['d5']],
        ['missing nested field', { 'actor.kind': null }, ['d4', 'd5']],
        ['numeric range skips strings', { priority: { gte: 2, lt: 10 } }, ['d2', 'd3']],
        ['gt alone', { priority: { gt: 1 } }, ['d2', 'd3', 'd4']],
        ['string range skips numbers', { priority: { lte: '9' } }, ['d5']],
        ['range over ISO timestamps', { due: { gte: '2025-02-01T00:00:00.000Z' } }, ['d2', 'd3']],
        [
          'range with negatives and fractions',
          { score: { gte: -1, lte: 10.5 } },
          ['d1', 'd2', 'd3'],
        ],
        ['range below zero', { score: { lt: 0 } }, ['d3']],
        ['boolean range', { flagged: { gt: false } }, ['d1']],
        ['in over strings', { status: { in: ['closed', 'pending'] } }, ['d2', 'd5']],
        [
          'in over mixed scalars keeps types apart',
          { priority: { in: [1, 3, '7', '2'] } },
          ['d1', 'd3', 'd5'],
        ],
        ['in with null matches missing', { note: { in: [null] } }, ['d2', 'd3', 'd4', 'd5']],
        [
          'in with a value and null',
          { note: { in: ['hello', null] } },
          ['d1', 'd2', 'd3', 'd4', 'd5'],
        ],
        ['empty in matches nothing', { status: { in: [] } }, []],
        ['in and range on one field', { priority: { in: [1, 2, 3], gt: 1 } }, ['d2', 'd3']],
        ['conditions combine with AND', { status: 'open', priority: { gt: 1 } }, ['d3', 'd4']],
        [
          'three kinds at once',
          { status: { in: ['open'] }, 'actor.kind': 'user', score: { gt: 0 } },
          ['d1'],
        ],
        ['an unknown field matches only as null', { nothing: 'here' }, []],
      ];

      it.each(cases)('%s', async (_label, filter, expected) => {
        const page = await run((s) => s.find<Doc>(c, { filter, limit: 100 }));
        expect(sortedIds(page.items)).toEqual(expected);
        expect(page.nextCursor).toBeNull();
        expect(await run((s) => s.count(c, filter))).toBe(expected.length);
      });

      it('returns the stored documents themselves', async () => {
        const page = await run((s) => s.find<Doc>(c, { filter: { 'actor.id': 'u2' }, limit: 10 }));
        expect(page.items).toEqual([docs[1]]);
      });
    });

    describe('sorting and paging', () => {
      const c = `${prefix}_paging`;
      // 23 documents: ranks 0..3 repeat (ties), every fifth has no rank and one has an explicit null.
      const docs: Doc[] = Array.from({ length: 23 }, (_, i) => {
        const doc: Doc = {
          id: `p${String(i).padStart(2, '0')}`,
          group: i % 2 === 0 ? 'even' : 'odd',
          meta: {},
        };
        if (i === 7) doc.rank = null;
        else if (i % 5 !== 0) doc.rank = i % 4;
        (doc.meta as Record<string, unknown>).order = (i * 7) % 23;
        return doc;
      });
      const rankOf = (d: Doc) => (typeof d.rank === 'number' ? d.rank : -1);
      const ascending = [...docs].sort(
        (a, b) => rankOf(a) - rankOf(b) || binaryCompare(a.id, b.id),
      );

      beforeAll(async () => {
        // Written out of id order, so no test can lean on insertion order.
        await seed(c, [...docs].reverse());
      });

      it('pages ascending through ties and nulls with no duplicates or gaps', async () => {
        const { items, pages } = await everyPage(c, {
          sort: { field: 'rank', direction: 'asc' },
          limit: 5,
        });
        expect(ids(items)).toEqual(ids(ascending));
        expect(new Set(ids(items)).size).toBe(docs.length);
        expect(pages).toBe(5);
      });

      it('pages descending in exactly the reverse order', async () => {
        const { items } = await everyPage(c, {
          sort: { field: 'rank', direction: 'desc' },
          limit: 4,
        });
        expect(ids(items)).toEqual(ids(ascending).reverse());
      });

      it('pages with a page size of one', async () => {
        const { items, pages } = await everyPage(c, {
          sort: { field: 'rank', direction: 'desc' },
          limit: 1,
        });
        expect(ids(items)).toEqual(ids(ascending).reverse());
        expect(pages).toBe(docs.length);
      });

      it('answers no next cursor when the last page is exactly full', async () => {
        const whole = await run((s) =>
          s.find<Doc>(c, { sort: { field: 'rank', direction: 'asc' }, limit: 23 }),
        );
        expect(whole.items).toHaveLength(23);
        expect(whole.nextCursor).toBeNull();
        const { pages } = await everyPage(c, {
          sort: { field: 'rank', direction: 'asc' },
          limit: 22,
        });
        expect(pages).toBe(2);
      });

      it('sorts by a dotted path', async () => {
        const { items } = await everyPage(c, {
          sort: { field: 'meta.order', direction: 'asc' },
          limit: 6,
        });
        const expected = [...docs].sort(
          (a, b) => (a.meta as { order: number }).order - (b.meta as { order: number }).order,
        );
        expect(ids(items)).toEqual(ids(expected));
      });

      it('pages a filtered, sorted query', async () => {
        const filter: DocumentFilter = { group: 'even', rank: { gte: 1 } };
        const { items } = await everyPage(c, {
          filter,
          sort: { field: 'rank', direction: 'desc' },
          limit: 2,
        });
        const expected = ascending
          .filter((d) => d.group === 'even' && typeof d.rank === 'number' && d.rank >= 1)
          .reverse();
        expect(ids(items)).toEqual(ids(expected));
        expect(items.length).toBeGreaterThan(2);
      });

      it('without a sort, pages in binary id order', async () => {
        const c2 = freshCollection();
        const odd = ['b', 'B', 'a', 'A', '_', '0', 'a-1', 'a1', 'Z9', 'é'];
        await seed(
          c2,
          odd.map((id) => ({ id })),
        );
        const { items } = await everyPage(c2, { limit: 3 });
        expect(ids(items)).toEqual([...odd].sort(binaryCompare));
      });

      it('orders numbers numerically and ISO timestamps chronologically', async () => {
        const c2 = freshCollection();
        await seed(c2, [
          { id: 'n1', amount: 10, at: '2025-10-01T00:00:00.000Z' },
          { id: 'n2', amount: 9, at: '2025-09-30T23:59:59.999Z' },
          { id: 'n3', amount: -2, at: '2024-12-31T00:00:00.000Z' },
          { id: 'n4', amount: 100, at: '2026-01-01T00:00:00.000Z' },
          { id: 'n5', amount: 1.5, at: '2025-01-01T00:00:00.000Z' },
        ]);
        const byAmount = await everyPage(c2, {
          sort: { field: 'amount', direction: 'asc' },
          limit: 2,
        });
        expect(ids(byAmount.items)).toEqual(['n3', 'n5', 'n2', 'n1', 'n4']);
        const byTime = await everyPage(c2, { sort: { field: 'at', direction: 'desc' }, limit: 2 });
        expect(ids(byTime.items)).toEqual(['n4', 'n1', 'n2', 'n5', 'n3']);
      });

      it('a deleted document does not break the next page', async () => {
        const c2 = freshCollection();
        await seed(
          c2,
          Array.from({ length: 6 }, (_, i) => ({ id: `q${i}`, rank: Math.floor(i / 2) })),
        );
        const first = await run((s) =>
          s.find<Doc>(c2, { sort: { field: 'rank', direction: 'asc' }, limit: 3 }),
        );
        expect(ids(first.items)).toEqual(['q0', 'q1', 'q2']);
        await run((s) => s.delete(c2, 'q2'));
        const second = await run((s) =>
          s.find<Doc>(c2, {
            sort: { field: 'rank', direction: 'asc' },
            limit: 3,
            cursor: first.nextCursor,
          }),
        );
        expect(ids(second.items)).toEqual(['q3', 'q4', 'q5']);
        expect(second.nextCursor).toBeNull();
      });

      it('refuses a cursor it did not issue', async () => {
        const sorted = { sort: { field: 'rank', direction: 'asc' as const }, limit: 2 };
        const issuedSorted = (await run((s) => s.find<Doc>(c, sorted))).nextCursor;
        const issuedUnsorted = (await run((s) => s.find<Doc>(c, { limit: 2 }))).nextCursor;
        expect(issuedSorted).toEqual(expect.any(String));
        expect(issuedUnsorted).toEqual(expect.any(String));

        const bad: Array<[FindOptions, string]> = [
          [sorted, ''],
          [sorted, 'not a cursor!'],
          [sorted, Buffer.from('garbage').toString('base64url')],
          [sorted, cursorOf({ v: 1, id: 'p01' })],
          [sorted, cursorOf([1, 'p01', 'extra'])],
          [sorted, cursorOf([1, 42])],
          [sorted, cursorOf([1, ''])],
          [sorted, issuedUnsorted!],
          [{ limit: 2 }, issuedSorted!],
          [{ limit: 2 }, cursorOf([null])],
          [{ limit: 2 }, 'x'.repeat(5000)],
        ];
        for (const [opts, cursor] of bad) {
          const attempt = run((s) => s.find(c, { ...opts, cursor }));
          await expect(attempt).rejects.toBeInstanceOf(InvalidCursorError);
          await expect(attempt).rejects.toMatchObject({
            code: 'REQUEST.INVALID_CURSOR',
            kind: 'invalid_input',
            details: { field: 'cursor' },
          });
        }
      });

      it('refuses invalid field paths, operators, sorts and limits, and they reach nothing', async () => {
        const refused = (opts: FindOptions) =>
          expect(run((s) => s.find(c, opts))).rejects.toMatchObject({
            code: 'DOCUMENT_STORE.INVALID_QUERY',
            kind: 'invalid_input',
          });
        const badPaths = [
          '',
          'a..b',
          '.a',
          'a.',
          '1abc',
          'a.1',
          'a b',
          '$where',
          'body->>x',
          "x'); DROP TABLE documents; --",
        ];
        for (const field of badPaths) {
          await refused({ filter: { [field]: 1 }, limit: 1 });
          await refused({ sort: { field, direction: 'asc' }, limit: 1 });
          await expect(run((s) => s.count(c, { [field]: 1 }))).rejects.toBeInstanceOf(
            InvalidDocumentQueryError,
          );
          await expect(run((s) => s.deleteMany(c, { [field]: 1 }))).rejects.toBeInstanceOf(
            InvalidDocumentQueryError,
          );
        }
        const badFilters = [
          { rank: { ne: 1 } },
          { rank: { $gt: 1 } },
          { rank: {} },
          { rank: { gte: null } },
          { rank: { gte: { nested: 1 } } },
          { rank: { in: 'open' } },
          { rank: { in: [{ x: 1 }] } },
          { rank: [1, 2] },
          { rank: Number.NaN },
          { rank: Number.POSITIVE_INFINITY },
        ] as unknown as DocumentFilter[];
        for (const filter of badFilters) await refused({ filter, limit: 1 });
        await refused({ sort: { field: 'rank', direction: 'up' as 'asc' }, limit: 1 });
        for (const limit of [0, -1, 1.5, 1001, Number.NaN]) await refused({ limit });
        expect(await run((s) => s.count(c))).toBe(docs.length);
      });
    });

    describe('counting and deleting many', () => {
      it('counts all or what matches, and an unknown collection as empty', async () => {
        const c = freshCollection();
        await seed(c, [
          { id: 'c1', kind: 'a' },
          { id: 'c2', kind: 'b' },
          { id: 'c3', kind: 'a' },
        ]);
        expect(await run((s) => s.count(c))).toBe(3);
        expect(await run((s) => s.count(c, { kind: 'a' }))).toBe(2);
        expect(await run((s) => s.count(freshCollection()))).toBe(0);
      });

      it('deleteMany removes what matches, and without a filter the whole collection only', async () => {
        const c = freshCollection();
        const other = freshCollection();
        await seed(
          c,
          Array.from({ length: 10 }, (_, i) => ({
            id: `r${i}`,
            at: `2025-01-${String(i + 10)}`,
            keep: i % 3 === 0,
          })),
        );
        await seed(other, [{ id: 'r1', at: '2025-01-11' }]);

        expect(await run((s) => s.deleteMany(c, { at: { lt: '2025-01-15' }, keep: false }))).toBe(
          3,
        );
        expect(sortedIds((await run((s) => s.find<Doc>(c, { limit: 100 }))).items)).toEqual([
          'r0',
          'r3',
          'r5',
          'r6',
          'r7',
          'r8',
          'r9',
        ]);
        expect(await run((s) => s.deleteMany(c, { keep: 'never' }))).toBe(0);
        expect(await run((s) => s.deleteMany(c))).toBe(7);
        expect(await run((s) => s.count(c))).toBe(0);
        expect(await run((s) => s.get(other, 'r1'))).toEqual({ id: 'r1', at: '2025-01-11' });
        expect(await run((s) => s.deleteMany(freshCollection()))).toBe(0);
      });
    });

    describe('tenant isolation', () => {
      const tenantA = randomUUID();
      const tenantB = randomUUID();
      const asTenant = <T>(
        tenantId: string,
        fn: (store: DocumentStore) => Promise<T>,
      ): Promise<T> => {
        const current = h();
        if (!current.runAsTenant) throw new Error('the harness has no runAsTenant');
        return current.runAsTenant(tenantId, () => fn(current.store));
      };
      const tenancyIt = (title: string, fn: () => Promise<void>) =>
        it(title, async () => {
          // Adapters whose harness cannot act as a tenant skip these checks.
          if (!h().runAsTenant) return;
          await fn();
        });

      async function seedTenants(c: string): Promise<void> {
        await run(async (s) => {
          await s.upsert(c, 'a1', { id: 'a1', owner: 'A' }, { tenantId: tenantA });
          await s.upsert(c, 'a2', { id: 'a2', owner: 'A' }, { tenantId: tenantA });
          await s.upsert(c, 'b1', { id: 'b1', owner: 'B' }, { tenantId: tenantB });
          await s.upsert(c, 'shared', { id: 'shared', owner: null });
        });
      }

      tenancyIt(
        'a tenant sees only its own documents; shared ones need the system scope',
        async () => {
          const c = freshCollection();
          await seedTenants(c);
          expect(await asTenant(tenantA, (s) => s.get(c, 'a1'))).toEqual({ id: 'a1', owner: 'A' });
          expect(await asTenant(tenantA, (s) => s.get(c, 'b1'))).toBeNull();
          expect(await asTenant(tenantA, (s) => s.get(c, 'shared'))).toBeNull();
          expect(
            ids((await asTenant(tenantA, (s) => s.find<Doc>(c, { limit: 10 }))).items),
          ).toEqual(['a1', 'a2']);
          expect(
            ids((await asTenant(tenantB, (s) => s.find<Doc>(c, { limit: 10 }))).items),
          ).toEqual(['b1']);
          expect(await asTenant(tenantB, (s) => s.count(c, { owner: 'A' }))).toBe(0);
          expect(await run((s) => s.count(c))).toBe(4);
        },
      );

      tenancyIt('a tenant cannot delete another tenant’s documents', async () => {
        const c = freshCollection();
        await seedTenants(c);
        expect(await asTenant(tenantB, (s) => s.delete(c, 'a1'))).toBe(false);
        expect(await asTenant(tenantB, (s) => s.deleteMany(c))).toBe(1);
        expect(sortedIds((await run((s) => s.find<Doc>(c, { limit: 10 }))).items)).toEqual([
          'a1',
          'a2',
          'shared',
        ]);
      });

      tenancyIt('a tenant writes only its own tenant’s documents', async () => {
        const c = freshCollection();
        await seedTenants(c);
        await asTenant(tenantA, (s) => s.upsert(c, 'a3', { id: 'a3' }, { tenantId: tenantA }));
        expect(await asTenant(tenantA, (s) => s.get(c, 'a3'))).toEqual({ id: 'a3' });

        const denied = { code: 'DATABASE.PERMISSION_DENIED', kind: 'forbidden' };
        await expect(
          asTenant(tenantA, (s) => s.upsert(c, 'x', { id: 'x' }, { tenantId: tenantB })),
        ).rejects.toMatchObject(denied);
        await expect(asTenant(tenantA, (s) => s.upsert(c, 'x', { id: 'x' }))).rejects.toMatchObject(
          denied,
        );
        await expect(
          asTenant(tenantA, (s) => s.insertIfAbsent(c, 'x', { id: 'x' }, { tenantId: tenantB })),
        ).rejects.toMatchObject(denied);
        // Taking over another tenant's id is refused; insertIfAbsent just finds it taken.
        await expect(
          asTenant(tenantA, (s) =>
            s.upsert(c, 'b1', { id: 'b1', owner: 'A' }, { tenantId: tenantA }),
          ),
        ).rejects.toMatchObject(denied);
        expect(
          await asTenant(tenantA, (s) =>
            s.insertIfAbsent(c, 'b1', { id: 'b1' }, { tenantId: tenantA }),
          ),
        ).toBe(false);

        expect(await run((s) => s.get(c, 'b1'))).toEqual({ id: 'b1', owner: 'B' });
        expect(await run((s) => s.get(c, 'x'))).toBeNull();
      });
    });
  });
}
