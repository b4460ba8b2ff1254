// Writes the data key ring the service reads from DATA_KEYS_FILE: AES-256 keys as JSON Web
// Keys of type `oct` with kid. Run from the repository root:
//
//   node docker/generate-data-keys.mjs [file] [--rotate]
//
// Without --rotate it refuses to touch an existing file. With --rotate it appends a new key:
// the newest key wraps new per-person keys, the older ones keep unwrapping what they wrapped.
// Never remove a key from the file: whatever it wrapped would become unreadable.
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const rotate = args.includes('--rotate');
const file = resolve(
  args.find((a) => !a.startsWith('--')) ??
    join(dirname(fileURLToPath(import.meta.url)), 'secrets', 'data-keys.json'),
);

let keys = [];
if (existsSync(file)) {
  if (!rotate) {
    process.stderr.write(`${file} exists; pass --rotate to add a new data key to it\n`);
    process.exit(1);
  }
  keys = JSON.parse(await readFile(file, 'utf8')).keys ?? [];
}

const kid = randomUUID();
keys.push({
  kty: 'oct',
  kid,
  alg: 'A256GCM',
  k: randomBytes(32).toString('base64url'),
  created_at: new Date().toISOString(),
});

await mkdir(dirname(file), { recursive: true });
await writeFile(file, `${JSON.stringify({ keys }, null, 2)}\n`, { mode: 0o600 });
process.stdout.write(
  `${rotate ? 'Added' : 'Wrote'} data key ${kid} to ${relative(process.cwd(), file)} (${keys.length} key(s)).\n` +
    'Keep it apart from database backups. For docker compose the container user (uid 1000) must be able to read it.\n',
);
