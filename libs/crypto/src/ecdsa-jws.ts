import { KeyObject, sign } from 'node:crypto';

/**
 * An ES256 JWS signature (RFC 7518 §3.4: r‖s, 32 bytes each) of `input` with a P-256 private
 * key. node:crypto is given the KeyObject itself and answers DER, which is converted here:
 * asking it for `dsaEncoding: 'ieee-p1363'` means passing an options object, and Node then
 * tells a KeyObject from other key inputs by a check that throws and catches for every object
 * that is not one, which doubles the cost of a signature (25 → 50 µs measured on Node 24).
 */
export function es256Signature(input: string | Buffer, privateKey: KeyObject): Buffer {
  return derToJoseEcdsa(
    sign('sha256', typeof input === 'string' ? Buffer.from(input) : input, privateKey),
    32,
  );
}

/** A DER `SEQUENCE { INTEGER r, INTEGER s }` as r‖s, each left-padded to `size` bytes. */
export function derToJoseEcdsa(der: Buffer, size: number): Buffer {
  let offset = 0;
  const expect = (tag: number) => {
    if (der[offset] !== tag) throw new Error('not a DER ECDSA signature');
    offset += 1;
  };
  const length = (): number => {
    const first = der[offset++];
    if (first < 0x80) return first;
    const bytes = first & 0x7f;
    let n = 0;
    for (let i = 0; i < bytes; i++) n = (n << 8) | der[offset++];
    return n;
  };
  expect(0x30);
  length();
  const out = Buffer.alloc(size * 2);
  for (const at of [0, size]) {
    expect(0x02);
    let n = length();
    let start = offset;
    offset += n;
    // an INTEGER carries a leading zero when its high bit is set: not part of the value
    while (n > size && der[start] === 0) {
      start += 1;
      n -= 1;
    }
    if (n > size) throw new Error('not a DER ECDSA signature of this size');
    der.copy(out, at + size - n, start, start + n);
  }
  return out;
}
