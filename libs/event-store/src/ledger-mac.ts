import { Injectable } from '@nestjs/common';
import { KeyStore } from '@opsledger/auth';
import { createHmac, createSecretKey, KeyObject, timingSafeEqual } from 'node:crypto';

/** HKDF label of the ledger MAC key (one per platform signing key, named by its kid). */
export const LEDGER_MAC_LABEL = 'opsledger:ledger-event-mac:v1';

/** Where an event sits and what it says: what the MAC binds together. */
export interface MacSubject {
  position: string;
  txId: string;
  hash: string;
}

/** Record kinds: lower-case words joined by dashes. */
const RECORD_PURPOSE = /^[a-z]+(-[a-z]+)*$/;

export type MacCheck = 'valid' | 'missing' | 'unknown-key' | 'mismatch';

/** The bytes the MAC covers. The hash covers the content and prev_hash, so the MAC chains per stream. */
export function macInput(e: MacSubject): string {
  return `opsledger-ledger-event:v1\n${e.position}\n${e.txId}\n${e.hash}`;
}

/**
 * Keyed digests of ledger events. SHA-256 hashes can be recomputed by anyone who can write
 * the database; a MAC needs a key the database does not hold: derived from the platform key
 * set, the newest key for new events, the key id stored beside each MAC so events written
 * before a rotation stay verifiable as long as their key stays in the set.
 */
@Injectable()
export class LedgerMac {
  /** As KeyObjects: a Buffer key costs ~10 µs per HMAC on Node 24 to convert. */
  private readonly keys = new Map<string, KeyObject | null>();

  constructor(private readonly keyStore: KeyStore) {}

  sign(subject: MacSubject): { mac: string; keyId: string } {
    const keyId = this.keyStore.active.kid;
    return { mac: this.compute(this.key(keyId)!, subject), keyId };
  }

  check(subject: MacSubject & { mac: string | null; macKeyId: string | null }): MacCheck {
    if (!subject.mac || !subject.macKeyId) return 'missing';
    const key = this.key(subject.macKeyId);
    if (!key) return 'unknown-key';
    const expected = Buffer.from(this.compute(key, subject), 'hex');
    const stored = Buffer.from(subject.mac, 'hex');
    return stored.length === expected.length && timingSafeEqual(stored, expected)
      ? 'valid'
      : 'mismatch';
  }

  /**
   * A MAC over another record about the ledger (a verification's result), under the same key
   * set. `purpose` names the record kind; its prefix keeps it apart from event MACs, so one
   * can never be replayed as the other.
   */
  signRecord(purpose: string, fields: readonly string[]): { mac: string; keyId: string } {
    const keyId = this.keyStore.active.kid;
    return { mac: this.computeRecord(this.key(keyId)!, purpose, fields), keyId };
  }

  checkRecord(
    purpose: string,
    fields: readonly string[],
    mac: string | null,
    macKeyId: string | null,
  ): MacCheck {
    if (!mac || !macKeyId) return 'missing';
    const key = this.key(macKeyId);
    if (!key) return 'unknown-key';
    const expected = Buffer.from(this.computeRecord(key, purpose, fields), 'hex');
    const stored = Buffer.from(mac, 'hex');
    return stored.length === expected.length && timingSafeEqual(stored, expected)
      ? 'valid'
      : 'mismatch';
  }

  private compute(key: KeyObject, subject: MacSubject): string {
    return createHmac('sha256', key).update(macInput(subject)).digest('hex');
  }

  private computeRecord(key: KeyObject, purpose: string, fields: readonly string[]): string {
    if (!RECORD_PURPOSE.test(purpose)) throw new Error(`not a record purpose: ${purpose}`);
    return createHmac('sha256', key)
      .update(`opsledger-record:${purpose}:v1\n${fields.map((f) => JSON.stringify(f)).join('\n')}`)
      .digest('hex');
  }

  private key(keyId: string): KeyObject | undefined {
    if (!this.keys.has(keyId)) {
      const secret = this.keyStore.deriveSecretFor(keyId, LEDGER_MAC_LABEL);
      this.keys.set(keyId, secret ? createSecretKey(secret) : null);
    }
    return this.keys.get(keyId) ?? undefined;
  }
}
