import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { createLedgerWitness } from './event-store.module';
import { describeLedgerWitnessContract } from './ledger-witness.contract';
import { S3LedgerWitness, S3WitnessOptions } from './s3-ledger-witness';

/** A real S3 API server (s3rver) on a free port, storing under a temporary directory. */
describeLedgerWitnessContract('S3 (against an S3 API server)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'opsledger-s3-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', directory: dir, silent: true });
  const { port } = await server.run();
  const options: S3WitnessOptions = {
    bucket: 'opsledger-witness',
    prefix: 'test/ledger-witness/',
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  };
  const admin = new S3Client({
    region: 'us-east-1',
    endpoint: options.endpoint,
    forcePathStyle: true,
    credentials: options.credentials,
  });
  await admin.send(new CreateBucketCommand({ Bucket: options.bucket }));
  admin.destroy();
  const writers = [new S3LedgerWitness(options)];
  return {
    witness: writers[0],
    another: () => {
      const w = new S3LedgerWitness(options);
      writers.push(w);
      return w;
    },
    teardown: async () => {
      for (const w of writers) await w.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe('createLedgerWitness', () => {
  it('builds the S3 adapter (loaded on demand) from an s3 configuration', async () => {
    const witness = await createLedgerWitness({
      kind: 's3',
      bucket: 'opsledger-witness',
      prefix: 'prod/ledger-witness/',
      region: 'eu-west-1',
    });
    expect(witness).toBeInstanceOf(S3LedgerWitness);
    expect(witness.location).toBe('s3://opsledger-witness/prod/ledger-witness/');
    await witness.close();
  });
});
