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
});
