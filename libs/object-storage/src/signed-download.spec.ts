import { randomBytes } from 'node:crypto';
import { DownloadSigner } from './signed-download';

describe('DownloadSigner', () => {
  let now = 1_800_000_000_000;
  const signer = new DownloadSigner(randomBytes(32), 'https://ops.example/', () => now);
  const tokenOf = (url: string) => new URL(url).searchParams.get('token')!;

  it('round-trips a grant through the URL it signs, under the download path', () => {
    const url = signer.url({ key: 'a/b.pdf', expiresAt: now / 1000 + 60, filename: 'b.pdf' });
    expect(url.startsWith('https://ops.example/api/v1/object-downloads?token=')).toBe(true);
    expect(signer.verify(tokenOf(url))).toEqual({
      key: 'a/b.pdf',
      expiresAt: now / 1000 + 60,
      filename: 'b.pdf',
    });
  });

  it('refuses it one second after its expiry, not before', () => {
    const token = tokenOf(signer.url({ key: 'a/b.pdf', expiresAt: now / 1000 + 60 }));
    now += 60_000;
    expect(signer.verify(token).key).toBe('a/b.pdf');
    now += 1_000;
    expect(() => signer.verify(token)).toThrow(
      expect.objectContaining({ code: 'OBJECT_STORAGE.URL_EXPIRED' }),
    );
  });

  it('refuses every single-character change of the token', () => {
    const token = tokenOf(signer.url({ key: 'x/y', expiresAt: now / 1000 + 600 }));
    for (let i = 0; i < token.length; i += 3) {
      const c = token[i] === 'A' ? 'B' : 'A';
      const altered = `${token.slice(0, i)}${c}${token.slice(i + 1)}`;
      expect(() => signer.verify(altered)).toThrow(
        expect.objectContaining({ code: expect.stringMatching(/^OBJECT_STORAGE\.URL_INVALID$/) }),
      );
    }
  });

  it('refuses a short secret', () => {
    expect(() => new DownloadSigner(randomBytes(16), 'https://x')).toThrow('at least 32 bytes');
  });
});
