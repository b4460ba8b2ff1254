#!/usr/bin/env node
// Checks an OpsLedger ledger export (GET /api/v1/audit/export) offline, with nothing but
// Node.js: every event's hash, every stream's hash chain and version sequence, every seal's
// digest, chain and signature, and the service's signed attestation (both against the
// platform's published JWKS). The attestation covers what a file cannot prove by itself:
// that these are exactly the events the service exported (the tail after the last seal
// included), and what the service found checking them with its MAC keys and its witness
// (events forged, moved or deleted, seals deleted); its findings are reported here.
//
//   node scripts/verify-audit-export.mjs <export.ndjson> <jwks.json | https://host/.well-known/jwks.json>
//
// Exit status: 0 intact, 1 broken or not a valid export (the first broken position is
// printed), 2 usage error. The file is read twice (events, then seals over them), so the
// memory used does not grow with the number of events.
import { createHash, createPublicKey, verify as verifySignature } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';

const FORMAT = 'opsledger-ledger-export';

// The same words as GET /api/v1/audit/verify.
const REASONS = {
  hashMismatch: 'hash mismatch: event content changed',
  chainBroken: 'chain broken: prev_hash does not match predecessor',
  versionGap: 'stream version gap',
  sealDigestMismatch: 'seal digest mismatch: events removed or reordered',
  sealRangeMismatch: 'seal range mismatch: recorded bounds or event count altered',
  sealSignatureInvalid: 'seal signature invalid',
  sealChainBroken: 'seal chain broken: prev_seal_digest does not match the previous seal',
  outOfOrder: 'events out of commit order',
  attestationSignature: 'attestation signature invalid',
  attestationMismatch:
    'attestation does not match the file: events or seals differ from what the service exported',
};

const MAX_REPORTED = 100;

class InvalidExport extends Error {}

/**
 * Canonical JSON, as the ledger hashes it: object keys sorted, no whitespace, undefined
 * dropped, non-finite numbers as null. A copy of libs/event-store/src/canonical-json.ts.
 */
function canonicalJson(value) {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value))
    return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  return JSON.stringify(value);
}

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

function eventHash(e) {
  return sha256(
    canonicalJson({
      eventId: e.eventId,
      streamType: e.streamType,
      streamId: e.streamId,
      streamVersion: e.streamVersion,
      eventType: e.eventType,
      schemaVersion: e.schemaVersion,
      payload: e.payload,
      metadata: e.metadata,
      tenantId: e.tenantId,
      occurredAt: e.occurredAt,
      prevHash: e.prevHash,
    }),
  );
}

/** sha256 of canonical JSON [[position, txId, hash], …] over every event in file order. */
class EventsDigest {
  constructor() {
    this.sha = createHash('sha256').update('[');
    this.count = 0;
  }

  add(e) {
    this.sha.update(`${this.count > 0 ? ',' : ''}${JSON.stringify([e.position, e.txId, e.hash])}`);
    this.count += 1;
  }

  finish() {
    return this.sha.update(']').digest('hex');
  }
}

/** sha256 of canonical JSON {events: [[position, hash], …], prev}, built as the events stream by. */
class SealDigest {
  constructor(prev) {
    this.sha = createHash('sha256').update('{"events":[');
    this.prev = prev;
    this.count = 0;
    this.first = null;
  }

  add(e) {
    this.sha.update(
      `${this.count > 0 ? ',' : ''}[${JSON.stringify(e.position)},${JSON.stringify(e.hash)}]`,
    );
    this.count += 1;
    this.first ??= { txId: e.txId, position: e.position };
  }

  finish() {
    return this.sha.update(`],"prev":${JSON.stringify(this.prev)}}`).digest('hex');
  }
}

/** Commit order: transaction id, then position (both 64-bit, carried as strings). */
function compareCommit(aTx, aPos, bTx, bPos) {
  const tx = BigInt(aTx) - BigInt(bTx);
  if (tx !== 0n) return tx < 0n ? -1 : 1;
  const pos = BigInt(aPos) - BigInt(bPos);
  return pos === 0n ? 0 : pos < 0n ? -1 : 1;
}

async function* readRecords(file) {
  const lines = createInterface({
    input: createReadStream(file, { encoding: 'utf8' }),
    crlfDelay: Infinity,
  });
  let number = 0;
  for await (const text of lines) {
    number += 1;
    if (text.trim() === '') continue;
    let record;
    try {
      record = JSON.parse(text);
    } catch {
      throw new InvalidExport(`line ${number} is not JSON`);
    }
    if (record === null || typeof record !== 'object')
      throw new InvalidExport(`line ${number} is not a record`);
    yield { number, record };
  }
}

async function loadKeys(source) {
  const text = /^https?:\/\//i.test(source)
    ? await fetch(source, { signal: AbortSignal.timeout(15_000) }).then((r) => {
        if (!r.ok) throw new Error(`${source} answered HTTP ${r.status}`);
        return r.text();
      })
    : await readFile(source, 'utf8');
  const jwks = JSON.parse(text);
  if (!Array.isArray(jwks?.keys)) throw new Error(`${source} is not a JWKS (no "keys" array)`);
  const keys = new Map();
  for (const jwk of jwks.keys) {
    if (typeof jwk?.kid !== 'string') continue;
    const { d: _private, ...publicJwk } = jwk;
    keys.set(jwk.kid, createPublicKey({ key: publicJwk, format: 'jwk' }));
  }
  return keys;
}

/** A compact ES256 JWS whose payload is exactly `expected`, by the key the seal names. */
function signatureHolds(jws, expected, keyId, keys) {
  try {
    const parts = String(jws).split('.');
    if (parts.length !== 3) return false;
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    if (header.alg !== 'ES256' || header.kid !== keyId) return false;
    const key = keys.get(header.kid);
    if (!key) return false;
    if (Buffer.from(parts[1], 'base64url').toString('utf8') !== expected) return false;
    return verifySignature(
      'sha256',
      Buffer.from(`${parts[0]}.${parts[1]}`, 'ascii'),
      { key, dsaEncoding: 'ieee-p1363' },
      Buffer.from(parts[2], 'base64url'),
    );
  } catch {
    return false;
  }
}

function requireEventFields(e, number) {
  const ok =
    /^\d+$/.test(e.position ?? '') &&
    /^\d+$/.test(e.txId ?? '') &&
    typeof e.streamType === 'string' &&
    typeof e.streamId === 'string' &&
    Number.isInteger(e.streamVersion) &&
    e.streamVersion > 0 &&
    typeof e.hash === 'string' &&
    (e.prevHash === null || typeof e.prevHash === 'string');
  if (!ok)
    throw new InvalidExport(`line ${number}: event record lacks its position, stream or hashes`);
}

function requireSealFields(s, number) {
  const ok =
    ['fromTxId', 'fromPosition', 'toTxId', 'toPosition'].every((f) => /^\d+$/.test(s[f] ?? '')) &&
    Number.isInteger(s.eventCount) &&
    typeof s.digest === 'string' &&
    typeof s.signature === 'string' &&
    (s.prevSealDigest === null || typeof s.prevSealDigest === 'string');
  if (!ok)
    throw new InvalidExport(`line ${number}: seal record lacks its range, digest or signature`);
}

/**
 * Per stream, events must chain from version 1 (or, in a window, from the first version the
 * window holds). Commit order may put a later version of a stream before an earlier one
 * when their transactions overlapped, so out-of-order versions wait until their turn.
 */
class StreamChains {
  constructor(complete, note) {
    this.complete = complete;
    this.note = note;
    this.streams = new Map();
    this.unanchoredStarts = 0;
  }

  add(e) {
    const key = `${e.streamType}\u0000${e.streamId}`;
    let s = this.streams.get(key);
    if (!s) {
      s = {
        next: this.complete || e.streamVersion === 1 ? 1 : null,
        lastHash: null,
        pending: new Map(),
      };
      this.streams.set(key, s);
    }
    if ((s.next !== null && e.streamVersion < s.next) || s.pending.has(e.streamVersion)) {
      this.note(e.position, REASONS.chainBroken);
      return;
    }
    s.pending.set(e.streamVersion, { prevHash: e.prevHash, hash: e.hash, position: e.position });
    if (s.next === null && e.streamVersion === 1) s.next = 1;
    if (s.next !== null) this.drain(s);
  }

  drain(s) {
    while (s.pending.has(s.next)) {
      const e = s.pending.get(s.next);
      s.pending.delete(s.next);
      if (s.next === 1 ? e.prevHash !== null : s.lastHash !== null && e.prevHash !== s.lastHash) {
        this.note(e.position, REASONS.chainBroken);
      }
      s.lastHash = e.hash;
      s.next += 1;
    }
  }

  /** At the end of the file: windows anchor at their lowest version; anything left waiting is a gap. */
  finish() {
    for (const s of this.streams.values()) {
      if (s.next === null && s.pending.size > 0) {
        s.next = Math.min(...s.pending.keys());
        this.unanchoredStarts += 1;
        this.drain(s);
      }
      for (const e of s.pending.values()) this.note(e.position, REASONS.versionGap);
    }
  }
}

function requireAttestationFields(a, number) {
  const ok =
    Number.isInteger(a.events) &&
    Number.isInteger(a.seals) &&
    typeof a.eventsDigest === 'string' &&
    typeof a.intact === 'boolean' &&
    Array.isArray(a.findings) &&
    typeof a.signature === 'string' &&
    typeof a.keyId === 'string';
  if (!ok)
    throw new InvalidExport(
      `line ${number}: attestation record lacks its digest, findings or signature`,
    );
}

async function verifyExport(file, keys) {
  // Findings at a position, then findings about the file as a whole (position null).
  const findings = new Map();
  const note = (position, reason) => {
    const key = `${position}\u0000${reason}`;
    if (!findings.has(key)) findings.set(key, { position, reason });
  };

  // Pass 1: the header, every event's hash and chain, the seal records, the end record.
  let header = null;
  let trailer = null;
  let events = 0;
  let last = null;
  const seals = [];
  let chains = null;
  let attestation = null;
  const attested = new EventsDigest();
  for await (const { number, record } of readRecords(file)) {
    if (!header) {
      if (record.kind !== 'header' || record.format !== FORMAT)
        throw new InvalidExport('not an OpsLedger ledger export (no header)');
      if (record.version === 1)
        throw new InvalidExport(
          'export version 1 carries no signed attestation (its unsealed tail cannot be checked): export it again',
        );
      if (record.version !== 2)
        throw new InvalidExport(`export version ${record.version} is not supported`);
      header = record;
      chains = new StreamChains(record.complete === true, note);
      continue;
    }
    if (trailer) throw new InvalidExport(`line ${number}: records after the end record`);
    if (attestation && record.kind !== 'end')
      throw new InvalidExport(`line ${number}: records after the attestation`);
    if (record.kind === 'event') {
      if (seals.length > 0) throw new InvalidExport(`line ${number}: event after the seals`);
      requireEventFields(record, number);
      events += 1;
      attested.add(record);
      if (last && compareCommit(record.txId, record.position, last.txId, last.position) <= 0)
        note(record.position, REASONS.outOfOrder);
      last = record;
      if (eventHash(record) !== record.hash) note(record.position, REASONS.hashMismatch);
      chains.add(record);
    } else if (record.kind === 'seal') {
      requireSealFields(record, number);
      if (record.anchor === true && seals.length > 0)
        throw new InvalidExport(`line ${number}: anchor seal after other seals`);
      const previous = seals[seals.length - 1];
      if (
        previous &&
        compareCommit(record.toTxId, record.toPosition, previous.toTxId, previous.toPosition) <= 0
      ) {
        throw new InvalidExport(`line ${number}: seals out of order`);
      }
      seals.push(record);
    } else if (record.kind === 'attestation') {
      requireAttestationFields(record, number);
      attestation = record;
    } else if (record.kind === 'end') {
      if (!attestation)
        throw new InvalidExport(`line ${number}: no signed attestation before the end`);
      trailer = record;
    } else {
      throw new InvalidExport(`line ${number}: unknown record kind ${JSON.stringify(record.kind)}`);
    }
  }
  if (!header) throw new InvalidExport('empty file');
  if (!trailer) throw new InvalidExport('truncated: no end record');
  if (trailer.events !== events || trailer.seals !== seals.length) {
    throw new InvalidExport(
      `the end record counts ${trailer.events} events and ${trailer.seals} seals, the file holds ${events} and ${seals.length}`,
    );
  }
  chains.finish();

  // The attestation: the service's signature, and the file is exactly what it attested.
  const { signature, keyId, ...statement } = attestation;
  if (!signatureHolds(signature, canonicalJson(statement), keyId, keys)) {
    note(null, REASONS.attestationSignature);
  } else {
    const lastSeal = seals[seals.length - 1] ?? null;
    if (
      statement.events !== events ||
      statement.eventsDigest !== attested.finish() ||
      statement.seals !== seals.length ||
      statement.lastSealDigest !== (lastSeal?.digest ?? null) ||
      statement.complete !== header.complete ||
      statement.exportedAt !== header.exportedAt
    )
      note(null, REASONS.attestationMismatch);
    // what the service found with its MAC keys and its witness
    for (const f of statement.findings) {
      if (typeof f?.reason === 'string' && /^\d+$/.test(String(f.position)))
        note(String(f.position), f.reason);
    }
  }

  // Seal signatures and the seal chain.
  const anchor = seals[0]?.anchor === true ? seals[0] : null;
  const checked = anchor ? seals.slice(1) : seals;
  for (const [i, seal] of seals.entries()) {
    if (!signatureHolds(seal.signature, seal.digest, seal.keyId, keys))
      note(seal.fromPosition, REASONS.sealSignatureInvalid);
    const expectedPrev = i > 0 ? seals[i - 1].digest : null;
    if (seal !== anchor && seal.prevSealDigest !== expectedPrev)
      note(seal.fromPosition, REASONS.sealChainBroken);
  }

  // Pass 2: each seal's digest over the events in (previous seal's end, its end].
  if (checked.length > 0) {
    let k = 0;
    let digest = new SealDigest(checked[0].prevSealDigest);
    const lowerOf = (index) => (index > 0 ? checked[index - 1] : anchor);
    const close = () => {
      const seal = checked[k];
      const value = digest.finish();
      if (value !== seal.digest) note(seal.fromPosition, REASONS.sealDigestMismatch);
      else if (
        digest.count !== seal.eventCount ||
        !digest.first ||
        compareCommit(
          digest.first.txId,
          digest.first.position,
          seal.fromTxId,
          seal.fromPosition,
        ) !== 0
      ) {
        note(seal.fromPosition, REASONS.sealRangeMismatch);
      }
      k += 1;
      if (k < checked.length) digest = new SealDigest(checked[k].prevSealDigest);
    };
    for await (const { record } of readRecords(file)) {
      if (record.kind !== 'event') continue;
      while (
        k < checked.length &&
        compareCommit(record.txId, record.position, checked[k].toTxId, checked[k].toPosition) > 0
      )
        close();
      if (k >= checked.length) break;
      const lower = lowerOf(k);
      if (!lower || compareCommit(record.txId, record.position, lower.toTxId, lower.toPosition) > 0)
        digest.add(record);
    }
    while (k < checked.length) close();
  }
  const positioned = [...findings.values()]
    .filter((f) => f.position !== null)
    .sort((a, b) => {
      const d = BigInt(a.position) - BigInt(b.position);
      return d < 0n ? -1 : d > 0n ? 1 : 0;
    });
  const general = [...findings.values()].filter((f) => f.position === null);
  return {
    findings: [...positioned, ...general],
    events,
    seals: seals.length,
    unanchoredStarts: chains.unanchoredStarts,
    complete: header.complete === true,
  };
}

async function main() {
  const [file, jwksSource] = process.argv.slice(2);
  if (!file || !jwksSource) {
    process.stderr.write(
      'usage: node scripts/verify-audit-export.mjs <export.ndjson> <jwks.json | https://host/.well-known/jwks.json>\n',
    );
    return 2;
  }
  let keys;
  try {
    keys = await loadKeys(jwksSource);
  } catch (error) {
    process.stderr.write(`cannot read the key set: ${error.message}\n`);
    return 2;
  }
  try {
    const result = await verifyExport(file, keys);
    if (result.findings.length > 0) {
      for (const f of result.findings.slice(0, MAX_REPORTED)) {
        process.stdout.write(
          f.position === null
            ? `BROKEN: ${f.reason}\n`
            : `BROKEN at position ${f.position}: ${f.reason}\n`,
        );
      }
      return 1;
    }
    const scope = result.complete ? 'complete export' : 'window export';
    const note =
      result.unanchoredStarts > 0
        ? `; ${result.unanchoredStarts} stream(s) start before the window, their first link is unchecked`
        : '';
    process.stdout.write(
      `OK: ${result.events} events and ${result.seals} seals verified (${scope}${note})\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof InvalidExport) {
      process.stdout.write(`INVALID export: ${error.message}\n`);
      return 1;
    }
    if (error?.code === 'ENOENT') {
      process.stderr.write(`no such file: ${file}\n`);
      return 2;
    }
    throw error;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`verify-audit-export failed: ${error?.stack ?? error}\n`);
    process.exitCode = 1;
  },
);
