import { DecryptionFailedError } from './aes-gcm';
import { SubjectCipher } from './subject-cipher';

describe('SubjectCipher', () => {
  const key = SubjectCipher.generateKey();
  const cipher = new SubjectCipher(key);
  const value = Buffer.from(JSON.stringify('ada@example.com'));

  it('is deterministic per key, associated data and value, and hides the value', () => {
    const a = cipher.seal(value, 'pd:1:s1:email');
    expect(new SubjectCipher(key).seal(value, 'pd:1:s1:email')).toEqual(a);
    expect(Buffer.from(a.ct, 'base64url').includes(value)).toBe(false);
    expect(cipher.seal(Buffer.from('"other@example.com"'), 'pd:1:s1:email').iv).not.toBe(a.iv);
    expect(cipher.seal(value, 'pd:1:s1:contactEmail')).not.toEqual(a);
    expect(new SubjectCipher(SubjectCipher.generateKey()).seal(value, 'pd:1:s1:email')).not.toEqual(
      a,
    );
  });

  it('opens only with the same key and associated data', () => {
    const sealed = cipher.seal(value, 'pd:1:s1:email');
    expect(cipher.open(sealed, 'pd:1:s1:email')).toEqual(value);
    expect(() => cipher.open(sealed, 'pd:1:s2:email')).toThrow(DecryptionFailedError);
    expect(() =>
      new SubjectCipher(SubjectCipher.generateKey()).open(sealed, 'pd:1:s1:email'),
    ).toThrow(DecryptionFailedError);
  });

  it('answers a value sealed again for the same field from memory, as a fresh cipher would seal it', () => {
    const own = new SubjectCipher(key);
    // the HMAC and the encryption, behind the memory
    const sealNew = jest.spyOn(
      own as unknown as { sealNew(p: Buffer, aad: string): unknown },
      'sealNew',
    );
    try {
      const address = Buffer.from('"203.0.113.7"');
      const first = own.seal(address, 'pd:1:s1:ip');
      // the caller's buffer reused for another value changes nothing remembered
      address.write('"198.51.100.9"');
      expect(own.seal(Buffer.from('"203.0.113.7"'), 'pd:1:s1:ip')).toEqual(first);
      expect(sealNew).toHaveBeenCalledTimes(1);
      expect(own.seal(Buffer.from('"203.0.113.7"'), 'pd:1:s1:ip')).toEqual(
        new SubjectCipher(key).seal(Buffer.from('"203.0.113.7"'), 'pd:1:s1:ip'),
      );
      // another value, or another field, is sealed anew
      const moved = own.seal(Buffer.from('"198.51.100.9"'), 'pd:1:s1:ip');
      expect(moved).not.toEqual(first);
      expect(own.seal(Buffer.from('"203.0.113.7"'), 'pd:1:s1:forwardedFor')).not.toEqual(first);
      expect(own.open(moved, 'pd:1:s1:ip').toString()).toBe('"198.51.100.9"');
      // an answer changed by its caller does not change the next one
      const again = own.seal(Buffer.from('"198.51.100.9"'), 'pd:1:s1:ip');
      again.ct = 'x';
      expect(own.seal(Buffer.from('"198.51.100.9"'), 'pd:1:s1:ip')).toEqual(moved);
    } finally {
      sealNew.mockRestore();
    }
  });
});
