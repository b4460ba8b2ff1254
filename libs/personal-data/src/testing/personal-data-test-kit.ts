import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test, TestingModule } from '@nestjs/testing';
import { TestKeysModule } from '@opsledger/auth';
import { CryptoModule, DataKeyRingOptions } from '@opsledger/crypto';
import { DomainEvent, PersonalDataDeclaration, PersonalDataEnvelope } from '@opsledger/ddd';
import { EventStoreModule } from '@opsledger/event-store';
import { PersistenceModule } from '@opsledger/persistence';
import { envelopeAad } from '../personal-data-protector';
import { PersonalDataModule } from '../personal-data.module';
import { SubjectKeyCacheOptions } from '../subject-key-cache';
import { SubjectKeys } from '../subject-keys';

/** An event type with the declaration a test needs. */
export function eventClass(type: string, declaration: PersonalDataDeclaration) {
  return class extends DomainEvent<Record<string, unknown>> {
    static readonly personalData = declaration;
    readonly type = type;
  };
}

/** Persistence, the data key ring, the event store and personal data; projector loop off. */
export async function createPersonalDataModule(
  databaseUrl: string,
  opts: { dataKeys?: DataKeyRingOptions; keyCache?: Partial<SubjectKeyCacheOptions> } = {},
): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      PersistenceModule.forRoot({ databaseUrl, poolSize: 10 }),
      TestKeysModule,
      CryptoModule.forRoot(opts.dataKeys ?? { generateIfMissing: true }),
      EventStoreModule.forRoot({
        pollMs: 0,
        witness: { kind: 'file', dir: join(tmpdir(), `opsledger-witness-${randomUUID()}`) },
      }),
      PersonalDataModule.forRoot({ keyCache: opts.keyCache }),
    ],
  }).compile();
  moduleRef.useLogger(false);
  await moduleRef.init();
  return moduleRef;
}

/** Decrypts an envelope the way a reader would; null when its subject's key is gone. */
export async function openEnvelope(
  keys: SubjectKeys,
  envelope: PersonalDataEnvelope,
  field: string,
): Promise<unknown> {
  const key = (await keys.forReading([envelope.s])).get(envelope.s);
  if (!key) return null;
  return JSON.parse(key.open(envelope, envelopeAad(envelope.s, field)).toString('utf8'));
}
