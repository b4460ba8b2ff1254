import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { eventHash, EventRow, fromRow, HashedEventFields, StoredEvent } from './stored-event';

const base: HashedEventFields = {
  eventId: '0b7e9c52-4f6a-4d44-9c1f-3f3b8d2a1e01',
  streamType: 'work-order',
  streamId: 'wo-1',
  streamVersion: 2,
  eventType: 'maintenance.work-order.opened.v1',
  schemaVersion: 1,
  payload: { title: 'Fix pump', priority: 'high', tags: ['a', 'b'], nested: { x: 1 } },
  metadata: {
    actorId: '9a0e7a3d-1111-4c2b-8d5e-0e1f2a3b4c5d',
    actorType: 'user',
    tenantId: '5f1d3c2b-2222-4a1b-9c8d-7e6f5a4b3c2d',
    ip: '203.0.113.7',
    userAgent: 'jest',
    correlationId: 'corr-1',
    causationId: null,
    result: 'success',
    error: null,
    previous: null,
  },
  tenantId: '5f1d3c2b-2222-4a1b-9c8d-7e6f5a4b3c2d',
  occurredAt: new Date('2025-03-04T05:06:07.890Z'),
  prevHash: 'a'.repeat(64),
};

describe('eventHash', () => {
  it('is the SHA-256 (hex) of the canonical encoding of the covered fields', () => {
    const expected = createHash('sha256')
      .update(
        canonicalJson({
          eventId: base.eventId,
          streamType: base.streamType,
          streamId: base.streamId,
          streamVersion: base.streamVersion,
          eventType: base.eventType,
          schemaVersion: base.schemaVersion,
          payload: base.payload,
          metadata: base.metadata,
          tenantId: base.tenantId,
          occurredAt: base.occurredAt.toISOString(),
          prevHash: base.prevHash,
        }),
      )
      .digest('hex');
    expect(eventHash(base)).toBe(expected);
    expect(eventHash(base)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is deterministic and ignores key order inside payload and metadata', () => {
    const reordered: HashedEventFields = {
      ...base,
      payload: { nested: { x: 1 }, tags: ['a', 'b'], priority: 'high', title: 'Fix pump' },
      metadata: Object.fromEntries(
        Object.entries(base.metadata).reverse(),
      ) as unknown as HashedEventFields['metadata'],
    };
    expect(eventHash(reordered)).toBe(eventHash(base));
    expect(eventHash({ ...base })).toBe(eventHash(base));
  });

  it('does not cover the storage-assigned position, tx id, the hash itself or the MAC', () => {
    const stored: StoredEvent = {
      ...base,
      position: '17',
      txId: '1234',
      hash: 'f'.repeat(64),
      mac: null,
      macKeyId: null,
    };
    const elsewhere: StoredEvent = {
      ...base,
      position: '99',
      txId: '5678',
      hash: '0'.repeat(64),
      mac: '1'.repeat(64),
      macKeyId: 'k',
    };
    expect(eventHash(stored)).toBe(eventHash(base));
    expect(eventHash(elsewhere)).toBe(eventHash(base));
  });

  const changes: Array<[string, Partial<HashedEventFields>]> = [
    ['eventId', { eventId: '0b7e9c52-4f6a-4d44-9c1f-3f3b8d2a1e02' }],
    ['streamType', { streamType: 'work-orders' }],
    ['streamId', { streamId: 'wo-2' }],
    ['streamVersion', { streamVersion: 3 }],
    ['eventType', { eventType: 'maintenance.work-order.closed.v1' }],
    ['schemaVersion', { schemaVersion: 2 }],
    ['payload (top-level value)', { payload: { ...base.payload, priority: 'low' } }],
    ['payload (nested value)', { payload: { ...base.payload, nested: { x: 2 } } }],
    ['payload (array order)', { payload: { ...base.payload, tags: ['b', 'a'] } }],
    ['payload (added field)', { payload: { ...base.payload, extra: null } }],
    [
      'payload (removed field)',
      { payload: { title: 'Fix pump', priority: 'high', tags: ['a', 'b'] } },
    ],
    ['payload (value type)', { payload: { ...base.payload, nested: { x: '1' } } }],
    ['metadata.actorId', { metadata: { ...base.metadata, actorId: null } }],
    ['metadata.actorType', { metadata: { ...base.metadata, actorType: 'system' } }],
    ['metadata.tenantId', { metadata: { ...base.metadata, tenantId: null } }],
    ['metadata.ip', { metadata: { ...base.metadata, ip: '203.0.113.8' } }],
    ['metadata.userAgent', { metadata: { ...base.metadata, userAgent: 'curl' } }],
    ['metadata.correlationId', { metadata: { ...base.metadata, correlationId: 'corr-2' } }],
    ['metadata.causationId', { metadata: { ...base.metadata, causationId: 'cause' } }],
    ['metadata.result', { metadata: { ...base.metadata, result: 'denied' } }],
    ['metadata.error', { metadata: { ...base.metadata, error: 'X: no' } }],
    ['metadata.previous', { metadata: { ...base.metadata, previous: { title: 'Old' } } }],
    ['tenantId', { tenantId: null }],
    ['occurredAt (1 ms later)', { occurredAt: new Date(base.occurredAt.getTime() + 1) }],
    ['prevHash (other hash)', { prevHash: 'b'.repeat(64) }],
    ['prevHash (null: first in stream)', { prevHash: null }],
  ];

  it.each(changes)('changes when %s changes', (_field, change) => {
    expect(eventHash({ ...base, ...change })).not.toBe(eventHash(base));
  });

  it('gives every variation a distinct hash', () => {
    const hashes = new Set([
      eventHash(base),
      ...changes.map(([, change]) => eventHash({ ...base, ...change })),
    ]);
    expect(hashes.size).toBe(changes.length + 1);
  });
});

describe('fromRow', () => {
  it('maps a database row to a stored event (bigint and xid8 as strings, occurred_at as Date)', () => {
    const row = {
      position: 42 as unknown as string,
      tx_id: 777 as unknown as string,
      event_id: base.eventId,
      stream_type: base.streamType,
      stream_id: base.streamId,
      stream_version: base.streamVersion,
      event_type: base.eventType,
      schema_version: base.schemaVersion,
      payload: base.payload,
      metadata: base.metadata,
      tenant_id: base.tenantId,
      occurred_at: '2025-03-04T05:06:07.890Z' as unknown as Date,
      prev_hash: base.prevHash,
      hash: eventHash(base),
      mac: 'a'.repeat(64),
      mac_key_id: 'kid-1',
    } satisfies EventRow;
    const stored = fromRow(row);
    expect(stored.position).toBe('42');
    expect(stored.txId).toBe('777');
    expect(stored).toMatchObject({ mac: 'a'.repeat(64), macKeyId: 'kid-1' });
    expect(stored.occurredAt).toBeInstanceOf(Date);
    expect(stored.occurredAt.toISOString()).toBe('2025-03-04T05:06:07.890Z');
    expect(eventHash(stored)).toBe(stored.hash);
  });
});
