import { Injectable } from '@nestjs/common';
import { DataKeyRing } from '@opsledger/crypto';
import { TaxIdCipher } from '../../application/tax-id-cipher.port';

/**
 * AES-256-GCM under the platform's data key ring: the newest key seals, every key opens, so
 * rotating is adding a key. The associated data names the column, tenant and row.
 */
@Injectable()
export class AesGcmTaxIdCipher extends TaxIdCipher {
  constructor(private readonly ring: DataKeyRing) {
    super();
  }

  seal(plain: string, tenantId: string, contractorId: string): string {
    return this.ring.encrypt(plain, aad(tenantId, contractorId));
  }

  open(sealed: string, tenantId: string, contractorId: string): string {
    return this.ring.decrypt(sealed, aad(tenantId, contractorId)).toString('utf8');
  }
}

const aad = (tenantId: string, contractorId: string) =>
  `onboarding.business_profile.tax_id|${tenantId}|${contractorId}`;
