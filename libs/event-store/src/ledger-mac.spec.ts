import { KeyStore } from '@opsledger/auth';
import { LedgerMac } from './ledger-mac';

describe('LedgerMac records', () => {
  let mac: LedgerMac;

  beforeAll(async () => {
    const keys = new KeyStore();
    await keys.load({ generateIfMissing: true });
    mac = new LedgerMac(keys);
  });

  const fields = ['seal-1', 'a'.repeat(64), '10'];

  it('checks a record signed with the key set, and nothing else', () => {
    const { mac: signed, keyId } = mac.signRecord('ledger-seal-verification', fields);
    expect(mac.checkRecord('ledger-seal-verification', fields, signed, keyId)).toBe('valid');
    expect(
      mac.checkRecord('ledger-seal-verification', ['seal-2', ...fields.slice(1)], signed, keyId),
    ).toBe('mismatch');
    expect(mac.checkRecord('other-record', fields, signed, keyId)).toBe('mismatch');
    expect(mac.checkRecord('ledger-seal-verification', fields, signed, 'no-such-key')).toBe(
      'unknown-key',
    );
    expect(mac.checkRecord('ledger-seal-verification', fields, null, keyId)).toBe('missing');
  });

  it('keeps field boundaries: moving a separator changes the MAC', () => {
    const a = mac.signRecord('ledger-seal-verification', ['a\nb', 'c']).mac;
    const b = mac.signRecord('ledger-seal-verification', ['a', 'b\nc']).mac;
    expect(a).not.toBe(b);
  });

  it('never gives an event MAC: records are domain-separated from events', () => {
    const event = { position: '1', txId: '2', hash: 'a'.repeat(64) };
    const record = mac.signRecord('ledger-event', [event.position, event.txId, event.hash]);
    expect(mac.check({ ...event, mac: record.mac, macKeyId: record.keyId })).toBe('mismatch');
  });

  it('refuses a purpose that is not a lower-case word list', () => {
    expect(() => mac.signRecord('Ledger Event\n', fields)).toThrow('not a record purpose');
  });
});
