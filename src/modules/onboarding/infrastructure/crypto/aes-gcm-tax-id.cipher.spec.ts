import { DataKeyRing, DecryptionFailedError } from '@opsledger/crypto';
import { TaxId } from '../../domain/tax-id';
import { AesGcmTaxIdCipher } from './aes-gcm-tax-id.cipher';

const TENANT = '00000000-0000-4000-8000-000000000001';
const OTHER_TENANT = '00000000-0000-4000-8000-000000000009';
const CONTRACTOR = '00000000-0000-4000-8000-000000000002';
const OTHER = '00000000-0000-4000-8000-000000000003';

describe('AesGcmTaxIdCipher', () => {
  let ring: DataKeyRing;
  let cipher: AesGcmTaxIdCipher;
  beforeEach(async () => {
    ring = new DataKeyRing();
    await ring.load({ generateIfMissing: true });
    cipher = new AesGcmTaxIdCipher(ring);
  });

  it('seals to ciphertext that holds no digit of the tax id, and opens it back', () => {
    const sealed = cipher.seal('12-3456789', TENANT, CONTRACTOR);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('3456789');
    expect(cipher.seal('12-3456789', TENANT, CONTRACTOR)).not.toBe(sealed); // random nonce
    expect(cipher.open(sealed, TENANT, CONTRACTOR)).toBe('12-3456789');
  });

  it('is bound to its row and tenant: moved elsewhere it does not open', () => {
    const sealed = cipher.seal('123-45-6789', TENANT, CONTRACTOR);
    expect(() => cipher.open(sealed, TENANT, OTHER)).toThrow(DecryptionFailedError);
    expect(() => cipher.open(sealed, OTHER_TENANT, CONTRACTOR)).toThrow(DecryptionFailedError);
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('AA') ? 'BB' : 'AA');
    expect(() => cipher.open(tampered, TENANT, CONTRACTOR)).toThrow(DecryptionFailedError);
  });

  it('keys rotate: old values still open, new ones use the newest key', () => {
    const old = cipher.seal('123-45-6789', TENANT, CONTRACTOR);
    const oldKid = old.split('.')[1];
    const newKid = ring.rotate();
    expect(cipher.open(old, TENANT, CONTRACTOR)).toBe('123-45-6789');
    const fresh = cipher.seal('123-45-6789', TENANT, CONTRACTOR);
    expect(fresh.split('.')[1]).toBe(newKid);
    expect(newKid).not.toBe(oldKid);
  });
});

describe('TaxId', () => {
  it.each(['123-45-6789', '123456789', '12-3456789', ' 12-3456789 '])('accepts %s', (v) => {
    expect(TaxId.parse(v).last4).toBe('6789');
  });

  it.each(['12345678', '1234-56789', 'abc-de-fghi', '123-45-67890'])(
    'refuses %s without repeating it',
    (v) => {
      expect(() => TaxId.parse(v)).toThrow(/taxId must be an SSN/);
      try {
        TaxId.parse(v);
      } catch (e) {
        expect((e as Error).message).not.toContain(v.trim());
      }
    },
  );

  it('serialises masked, never in clear', () => {
    const id = TaxId.parse('123-45-6789');
    expect(JSON.stringify({ id })).toBe('{"id":"***-**-6789"}');
    expect(id.toString()).toBe('***-**-6789');
  });
});
