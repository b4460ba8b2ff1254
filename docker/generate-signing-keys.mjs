// Writes the private JWKS the service reads from SIGNING_KEYS_FILE: EC P-256 keys with kid,
// alg ES256. Run from the repository root (it needs the project's `jose`):
//
//   node docker/generate-signing-keys.mjs [file] [--rotate]
//
// Without --rotate it refuses to touch an existing file. With --rotate it appends a new key:
// the newest key signs, the older ones keep verifying tokens and seals they signed.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { exportJWK, generateKeyPair } from 'jose';

const args = process.argv.slice(2);
const rotate = args.includes('--rotate');
const file = resolve(
  args.find((a) => !a.startsWith('--')) ??
    join(dirname(fileURLToPath(import.meta.url)), 'secrets', 'signing-keys.json'),
);

let keys = [];
if (existsSync(file)) {
  if (!rotate) {
    process.stderr.write(`${file} exists; pass --rotate to add a new signing key to it\n`);
    process.exit(1);
  }
  keys = JSON.parse(await readFile(file, 'utf8')).keys ?? [];
}

const { privateKey } = await generateKeyPair('ES256', { extractable: true });
const kid = randomUUID();
keys.push({
  ...(await exportJWK(privateKey)),
  kid,
  alg: 'ES256',
  use: 'sig',
  created_at: new Date().toISOString(),
});

await mkdir(dirname(file), { recursive: true });
await writeFile(file, `${JSON.stringify({ keys }, null, 2)}\n`, { mode: 0o600 });
process.stdout.write(
  `${rotate ? 'Added' : 'Wrote'} signing key ${kid} to ${relative(process.cwd(), file)} (${keys.length} key(s)).\n` +
    'For docker compose the container user (uid 1000) must be able to read it, e.g. `sudo chown 1000 <file>`.\n',
);
