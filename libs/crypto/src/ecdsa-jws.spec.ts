import { generateKeyPairSync, verify } from 'node:crypto';
import { derToJoseEcdsa, es256Signature } from './ecdsa-jws';

describe('es256Signature', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });

  it('answers what node:crypto answers as ieee-p1363: 64 bytes that verify as such', () => {
    // ECDSA is randomised: check by verification, over enough signatures that r or s with a
    // high bit (a DER leading zero) and short ones (leading zero bytes dropped) both occur
    for (let i = 0; i < 300; i++) {
      const input = `header.payload-${i}`;
      const signature = es256Signature(input, privateKey);
      expect(signature).toHaveLength(64);
      expect(
        verify(
          'sha256',
          Buffer.from(input),
          { key: publicKey, dsaEncoding: 'ieee-p1363' },
          signature,
        ),
      ).toBe(true);
    }
  });

  it('converts DER integers with and without a leading zero, and short ones', () => {
    const r = Buffer.alloc(32, 0xff); // high bit set: DER adds a zero byte
    const s = Buffer.from([0x01, 0x02]); // short: DER drops the leading zeros
    const der = Buffer.concat([
      Buffer.from([0x30, 2 + 33 + 2 + 2, 0x02, 33, 0x00]),
      r,
      Buffer.from([0x02, 2]),
      s,
    ]);
    const out = derToJoseEcdsa(der, 32);
    expect(out.subarray(0, 32)).toEqual(r);
    expect(out.subarray(32)).toEqual(Buffer.concat([Buffer.alloc(30), s]));
  });

  it('refuses what is not a DER signature of that size', () => {
    expect(() => derToJoseEcdsa(Buffer.from([0x31, 0x00]), 32)).toThrow('not a DER');
    const long = Buffer.concat([Buffer.from([0x30, 0x26, 0x02, 0x22]), Buffer.alloc(34, 1)]);
    expect(() => derToJoseEcdsa(long, 32)).toThrow('of this size');
  });
});
