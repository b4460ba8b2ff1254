import { Connection, mongo } from 'mongoose';
import { MongooseDocumentStore, TenantScope } from './mongoose-document-store';

/*
 * The contract suite proves behaviour against a real MongoDB when MONGODB_URI is set; this
 * spec pins the queries the adapter sends, so a broken translation shows up without one.
 */

interface Recorded {
  find: Array<{ filter: unknown; sort: unknown; limit: number }>;
  replaceOne: Array<{ filter: unknown; replacement: unknown }>;
  countDocuments: unknown[];
  deleteMany: unknown[];
}

function fakeStore(
  scope: TenantScope,
  rows: Array<{ _id: string; body: unknown }> = [],
  failWith?: Error,
) {
  const recorded: Recorded = { find: [], replaceOne: [], countDocuments: [], deleteMany: [] };
  const collection = {
    find: (filter: unknown) => {
      const call = { filter, sort: undefined as unknown, limit: 0 };
      recorded.find.push(call);
      const cursor = {
        sort: (sort: unknown) => ((call.sort = sort), cursor),
        limit: (limit: number) => ((call.limit = limit), cursor),
        toArray: async () => rows.slice(0, call.limit),
      };
      return cursor;
    },
    replaceOne: async (filter: unknown, replacement: unknown) => {
      recorded.replaceOne.push({ filter, replacement });
      if (failWith) throw failWith;
    },
    insertOne: async () => {
      if (failWith) throw failWith;
    },
    countDocuments: async (filter: unknown) => (recorded.countDocuments.push(filter), 0),
    deleteMany: async (filter: unknown) => (recorded.deleteMany.push(filter), { deletedCount: 0 }),
    createIndex: async () => 'tenantId_1',
  };
  const connection = {
    db: { collection: () => collection },
    close: async () => undefined,
  } as unknown as Connection;
  return { store: new MongooseDocumentStore(connection, scope), recorded };
}

const SYSTEM: TenantScope = { isSystemScope: true, tenantId: null };
const TENANT = '0b9ad3a4-5d40-4c1e-9f0e-1f2a3b4c5d6e';

describe('MongooseDocumentStore queries', () => {
  it('translates filters under body, ANDed, with the tenant scope first', async () => {
    const { store, recorded } = fakeStore({ isSystemScope: false, tenantId: TENANT.toUpperCase() });
    await store.count('c', {
      status: 'open',
      'actor.id': null,
      priority: { gte: 2, in: [1, null] },
    });
    expect(recorded.countDocuments[0]).toEqual({
      $and: [
        { tenantId: TENANT },
        { 'body.status': { $eq: 'open' } },
        { 'body.actor.id': { $eq: null } },
        { 'body.priority': { $gte: 2 } },
        { 'body.priority': { $in: [1, null] } },
      ],
    });
  });

  it('shows nothing to a caller with neither a tenant nor the system scope', async () => {
    const { store, recorded } = fakeStore({ isSystemScope: false, tenantId: null });
    await store.deleteMany('c');
    expect(recorded.deleteMany[0]).toEqual({ tenantId: { $in: [] } });
  });

  it('system scope adds no tenant condition', async () => {
    const { store, recorded } = fakeStore(SYSTEM);
    await store.deleteMany('c');
    expect(recorded.deleteMany[0]).toEqual({});
  });

  it('sorts by the field then _id, fetches one extra row and cursors from the last kept one', async () => {
    const rows = [
      { _id: 'a', body: { meta: { rank: 1 } } },
      { _id: 'b', body: { meta: {} } },
      { _id: 'c', body: { meta: { rank: 3 } } },
    ];
    const { store, recorded } = fakeStore(SYSTEM, rows);
    const page = await store.find('c', {
      sort: { field: 'meta.rank', direction: 'desc' },
      limit: 2,
    });
    expect(recorded.find[0]).toEqual({
      filter: {},
      sort: { 'body.meta.rank': -1, _id: -1 },
      limit: 3,
    });
    expect(page.items).toEqual([rows[0].body, rows[1].body]);
    expect(JSON.parse(Buffer.from(page.nextCursor!, 'base64url').toString())).toEqual([null, 'b']);

    await store.find('c', {
      sort: { field: 'meta.rank', direction: 'desc' },
      limit: 2,
      cursor: page.nextCursor,
    });
    expect(recorded.find[1].filter).toEqual({ 'body.meta.rank': null, _id: { $lt: 'b' } });
  });

  it.each([
    ['asc', 5, { $or: [{ 'body.r': { $gt: 5 } }, { 'body.r': { $eq: 5 }, _id: { $gt: 'k' } }] }],
    ['asc', null, { $or: [{ 'body.r': { $ne: null } }, { 'body.r': null, _id: { $gt: 'k' } }] }],
    [
      'desc',
      'm',
      {
        $or: [
          { 'body.r': { $lt: 'm' } },
          { 'body.r': { $eq: 'm' }, _id: { $lt: 'k' } },
          { 'body.r': null },
        ],
      },
    ],
  ] as const)('resumes %s after %p', async (direction, value, expected) => {
    const { store, recorded } = fakeStore(SYSTEM);
    const cursor = Buffer.from(JSON.stringify([value, 'k'])).toString('base64url');
    await store.find('c', { sort: { field: 'r', direction }, limit: 1, cursor });
    expect(recorded.find[0].filter).toEqual(expected);
  });

  it('resumes an unsorted query after the last _id', async () => {
    const { store, recorded } = fakeStore(SYSTEM);
    const cursor = Buffer.from(JSON.stringify(['k'])).toString('base64url');
    await store.find('c', { filter: { a: 1 }, limit: 1, cursor });
    expect(recorded.find[0]).toEqual({
      filter: { $and: [{ 'body.a': { $eq: 1 } }, { _id: { $gt: 'k' } }] },
      sort: { _id: 1 },
      limit: 2,
    });
  });

  it('writes as JSON, scoped to the caller’s own tenant', async () => {
    const { store, recorded } = fakeStore({ isSystemScope: false, tenantId: TENANT });
    await store.upsert(
      'c',
      'd1',
      { at: new Date('2025-01-01T00:00:00.000Z'), gone: undefined },
      { tenantId: TENANT },
    );
    expect(recorded.replaceOne[0]).toEqual({
      filter: { _id: 'd1', tenantId: TENANT },
      replacement: {
        tenantId: TENANT,
        body: { at: '2025-01-01T00:00:00.000Z' },
        updatedAt: expect.any(Date),
      },
    });
  });

  it('refuses a scoped write for another tenant before reaching MongoDB', async () => {
    const { store, recorded } = fakeStore({ isSystemScope: false, tenantId: TENANT });
    await expect(
      store.upsert('c', 'd1', {}, { tenantId: '11111111-2222-3333-4444-555555555555' }),
    ).rejects.toMatchObject({
      code: 'DATABASE.PERMISSION_DENIED',
    });
    await expect(store.insertIfAbsent('c', 'd1', {})).rejects.toMatchObject({
      code: 'DATABASE.PERMISSION_DENIED',
    });
    expect(recorded.replaceOne).toHaveLength(0);
  });

  it('maps a duplicate _id to "taken" for insertIfAbsent and to a refusal for a scoped upsert', async () => {
    const duplicate = new mongo.MongoServerError({
      message: 'E11000 duplicate key error',
      code: 11000,
    });
    const scoped = fakeStore({ isSystemScope: false, tenantId: TENANT }, [], duplicate).store;
    expect(await scoped.insertIfAbsent('c', 'd1', {}, { tenantId: TENANT })).toBe(false);
    await expect(scoped.upsert('c', 'd1', {}, { tenantId: TENANT })).rejects.toMatchObject({
      code: 'DATABASE.PERMISSION_DENIED',
    });
    const system = fakeStore(SYSTEM, [], duplicate).store;
    await expect(system.upsert('c', 'd1', {})).rejects.toBe(duplicate);
  });
});
