import { Injectable, Logger } from '@nestjs/common';
import { createPrivateKey, createPublicKey, hkdfSync, KeyObject, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CompactSign, compactVerify, exportJWK, generateKeyPair, JWK } from 'jose';

export const SIGNING_ALG = 'ES256';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicJwk: JWK;
  createdAt: string;
}

interface StoredJwk extends JWK {
  kid: string;
  created_at?: string;
}

export interface KeyStoreOptions {
  /** JWKS file with private keys. Generated on first start when `generateIfMissing`. */
  file?: string;
  generateIfMissing: boolean;
}

/**
 * The platform's rotating key set. The newest key signs; every key in the file verifies
 * and is published at /.well-known/jwks.json, so tokens and ledger seals signed before a
 * rotation stay verifiable.
 */
@Injectable()
export class KeyStore {
  private readonly logger = new Logger(KeyStore.name);
  private keys: SigningKey[] = [];

  async load(options: KeyStoreOptions): Promise<void> {
    let stored: StoredJwk[] = [];
    if (options.file && existsSync(options.file)) {
      const parsed = JSON.parse(await readFile(options.file, 'utf8')) as { keys?: StoredJwk[] };
      stored = parsed.keys ?? [];
    }
    if (stored.length === 0) {
      if (!options.generateIfMissing)
        throw new Error('No signing keys: set SIGNING_KEYS_FILE to a JWKS with private keys');
      stored = [await KeyStore.generateJwk()];
      if (options.file) {
        await mkdir(dirname(options.file), { recursive: true });
        await writeFile(options.file, JSON.stringify({ keys: stored }, null, 2), { mode: 0o600 });
        this.logger.log(`Generated a signing key in ${options.file}`);
      }
    }
    this.keys = stored.map((jwk) => KeyStore.toSigningKey(jwk));
  }

  static async generateJwk(): Promise<StoredJwk> {
    const { privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
    const jwk = await exportJWK(privateKey);
    return {
      ...jwk,
      kid: randomUUID(),
      alg: SIGNING_ALG,
      use: 'sig',
      created_at: new Date().toISOString(),
    };
  }

  private static toSigningKey(jwk: StoredJwk): SigningKey {
    const { created_at: _c, kid: _k, ...material } = jwk;
    void _c;
    void _k;
    const privateKey = createPrivateKey({
      key: material as import('node:crypto').JsonWebKey,
      format: 'jwk',
    });
    const publicKey = createPublicKey(privateKey);
    const { d: _private, created_at: _created, ...rest } = jwk;
    void _private;
    void _created;
    return {
      kid: jwk.kid,
      privateKey,
      publicKey,
      publicJwk: { ...rest, alg: SIGNING_ALG, use: 'sig' },
      createdAt: jwk.created_at ?? new Date(0).toISOString(),
    };
  }

  /** Adds a new key that becomes the signing key (rotation); old keys keep verifying. */
  async rotate(): Promise<SigningKey> {
    const key = KeyStore.toSigningKey(await KeyStore.generateJwk());
    this.keys.push(key);
    return key;
  }

  get active(): SigningKey {
    const key = this.keys[this.keys.length - 1];
    if (!key) throw new Error('KeyStore is not loaded');
    return key;
  }

  find(kid: string): SigningKey | undefined {
    return this.keys.find((k) => k.kid === kid);
  }

  jwks(): { keys: JWK[] } {
    return { keys: this.keys.map((k) => k.publicJwk) };
  }

  /**
   * A stable secret for a purpose (HKDF over the oldest key's private scalar), so it
   * survives rotations as long as the key set keeps its first key.
   */
  deriveSecret(label: string): Buffer {
    const oldest = this.keys[0];
    if (!oldest) throw new Error('KeyStore is not loaded');
    const d = oldest.privateKey.export({ format: 'jwk' }).d ?? '';
    return Buffer.from(hkdfSync('sha256', Buffer.from(d, 'base64url'), 'opsledger', label, 32));
  }

  /**
   * A secret for a purpose derived from one given key of the set (HKDF over its private
   * scalar); undefined once that key has left the set. Lets data keyed under an older key
   * stay checkable after a rotation, and records the key id beside it.
   */
  deriveSecretFor(kid: string, label: string): Buffer | undefined {
    const key = this.find(kid);
    if (!key) return undefined;
    const d = key.privateKey.export({ format: 'jwk' }).d ?? '';
    return Buffer.from(hkdfSync('sha256', Buffer.from(d, 'base64url'), 'opsledger', label, 32));
  }

  /** Signs bytes as a compact JWS (used for ledger seals). */
  async signDetached(payload: string): Promise<{ signature: string; kid: string }> {
    const key = this.active;
    const jws = await new CompactSign(new TextEncoder().encode(payload))
      .setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid })
      .sign(key.privateKey);
    return { signature: jws, kid: key.kid };
  }

  async verifyDetached(jws: string, expectedPayload: string): Promise<boolean> {
    try {
      const header = JSON.parse(Buffer.from(jws.split('.')[0], 'base64url').toString('utf8')) as {
        kid?: string;
      };
      const key = header.kid ? this.find(header.kid) : undefined;
      if (!key) return false;
      const { payload } = await compactVerify(jws, key.publicKey);
      return new TextDecoder().decode(payload) === expectedPayload;
    } catch {
      return false;
    }
  }
}
