// A fresh platform signing key for the run: a JWKS file holding one private EC P-256 key,
// in the format the service reads from SIGNING_KEYS_FILE. The bare server reads the same file.
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { exportJWK, generateKeyPair } from 'jose';

export async function writeSigningKeys(file) {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = {
    ...(await exportJWK(privateKey)),
    kid: randomUUID(),
    alg: 'ES256',
    use: 'sig',
    created_at: new Date().toISOString(),
  };
  await writeFile(file, `${JSON.stringify({ keys: [jwk] }, null, 2)}\n`, { mode: 0o600 });
  return jwk.kid;
}

/** A fresh data key ring for the run, in the format the service reads from DATA_KEYS_FILE. */
export async function writeDataKeys(file) {
  const key = {
    kty: 'oct',
    kid: randomUUID(),
    alg: 'A256GCM',
    k: randomBytes(32).toString('base64url'),
    created_at: new Date().toISOString(),
  };
  await writeFile(file, `${JSON.stringify({ keys: [key] }, null, 2)}\n`, { mode: 0o600 });
}

/** A vault key ring for the run (`VAULT_KEYS`: id:base64key), which production requires. */
export function vaultKeys() {
  return `bench-vault:${randomBytes(32).toString('base64')}`;
}
