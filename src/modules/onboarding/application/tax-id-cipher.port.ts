/**
 * Port: application-level encryption of tax ids (AES-256-GCM under the rotating data keys),
 * bound to where the value belongs: the same ciphertext in another row or tenant does not
 * decrypt.
 */
export abstract class TaxIdCipher {
  abstract seal(plain: string, tenantId: string, contractorId: string): string;
  abstract open(sealed: string, tenantId: string, contractorId: string): string;
}
