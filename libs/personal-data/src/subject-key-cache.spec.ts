import { SubjectCipher } from '@opsledger/crypto';
import { SubjectKeyCache } from './subject-key-cache';

describe('SubjectKeyCache', () => {
  const cipher = () => new SubjectCipher(SubjectCipher.generateKey());
  let now = 0;
  const cache = (maxEntries = 3, ttlMs = 1000) =>
    new SubjectKeyCache({ maxEntries, ttlMs }, () => now);

  beforeEach(() => {
    now = 0;
  });

  it('keeps keys and shredded marks until their time runs out', () => {
    const c = cache();
    const key = cipher();
    c.set('a', key, c.generation);
    c.set('b', null, c.generation);
    expect(c.get('a')).toBe(key);
    expect(c.get('b')).toBeNull();
    expect(c.get('z')).toBeUndefined();
    now = 999;
    expect(c.get('a')).toBe(key);
    now = 1000;
    expect(c.get('a')).toBeUndefined();
    expect(c.size).toBe(1);
  });

  it('drops the least recently used entry beyond its bound', () => {
    const c = cache(2);
    c.set('a', cipher(), c.generation);
    c.set('b', cipher(), c.generation);
    c.get('a');
    c.set('c', cipher(), c.generation);
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBeDefined();
    expect(c.get('c')).toBeDefined();
  });

  it('refuses a key read before an invalidation of its subject, not one read after', () => {
    const c = cache();
    c.set('a', cipher(), c.generation);
    const readStarted = c.generation;
    c.invalidate(['a']);
    expect(c.get('a')).toBeUndefined();
    c.set('a', cipher(), readStarted);
    expect(c.get('a')).toBeUndefined();
    c.set('b', cipher(), readStarted);
    expect(c.get('b')).toBeDefined();
    c.set('a', null, c.generation);
    expect(c.get('a')).toBeNull();
  });

  it('clear() forgets everything and refuses reads in flight', () => {
    const c = cache();
    c.set('a', cipher(), c.generation);
    const readStarted = c.generation;
    c.clear();
    expect(c.get('a')).toBeUndefined();
    c.set('b', cipher(), readStarted);
    expect(c.get('b')).toBeUndefined();
    c.set('b', cipher(), c.generation);
    expect(c.get('b')).toBeDefined();
  });
});
