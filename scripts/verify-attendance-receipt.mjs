#!/usr/bin/env node
// Verifies an attendance receipt (issue 16) offline, without the database: the compact JWS
// must be signed (ES256) by a key of the given JWKS and typed as an attendance receipt.
//
//   node scripts/verify-attendance-receipt.mjs <receipt | @file-with-receipt> <jwks.json | https://host/.well-known/jwks.json>
//
// Prints the receipt's facts as JSON and exits 0 when it verifies; prints why and exits 1 when
// it does not (altered, signed by an unknown key, not a receipt); exits 2 on bad usage.
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify } from 'jose';
import { readFile } from 'node:fs/promises';

const RECEIPT_TYPE = 'attendance-receipt+jwt';

async function main([receiptArg, jwksArg]) {
  if (!receiptArg || !jwksArg) {
    process.stderr.write(
      'usage: verify-attendance-receipt.mjs <receipt | @file> <jwks file | jwks URL>\n',
    );
    return 2;
  }
  const receipt = (
    receiptArg.startsWith('@') ? await readFile(receiptArg.slice(1), 'utf8') : receiptArg
  ).trim();
  const keys = /^https?:\/\//.test(jwksArg)
    ? createRemoteJWKSet(new URL(jwksArg))
    : createLocalJWKSet(JSON.parse(await readFile(jwksArg, 'utf8')));
  try {
    const { payload, protectedHeader } = await jwtVerify(receipt, keys, {
      algorithms: ['ES256'],
      typ: RECEIPT_TYPE,
    });
    // the verdict is the command's output, as verify-audit-export.mjs prints its own
    process.stdout.write(
      `${JSON.stringify(
        {
          valid: true,
          kid: protectedHeader.kid,
          receiptId: payload.jti,
          contactId: payload.sub,
          ...payload,
        },
        null,
        2,
      )}\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(
      `${JSON.stringify({ valid: false, reason: error.code ?? 'ERR_INVALID', message: error.message })}\n`,
    );
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
