import { Injectable } from '@nestjs/common';
import { KeyStore } from '@opsledger/auth';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { MicroDepositAmounts, MicroDepositHasher } from '../../application/micro-deposits.port';

/** HKDF label of the micro-deposit key (KeyStore.deriveSecret). */
export const MICRO_DEPOSIT_KEY_LABEL = 'onboarding-micro-deposits';

/** HMAC-SHA256 under a key derived from the platform key set, bound to the account. */
@Injectable()
export class KeyStoreMicroDepositHasher extends MicroDepositHasher {
  constructor(private readonly keys: KeyStore) {
    super();
  }

  hash(bankAccountId: string, amounts: MicroDepositAmounts): string {
    const [low, high] = [...amounts].sort((x, y) => x - y);
    const mac = createHmac('sha256', this.keys.deriveSecret(MICRO_DEPOSIT_KEY_LABEL))
      .update(`${bankAccountId}:${low}:${high}`)
      .digest('base64url');
    return `v1.${mac}`;
  }

  matches(bankAccountId: string, amounts: MicroDepositAmounts, stored: string): boolean {
    const given = Buffer.from(this.hash(bankAccountId, amounts));
    const expected = Buffer.from(stored);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
