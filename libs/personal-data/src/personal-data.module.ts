import { DynamicModule, Global, Module } from '@nestjs/common';
import { EventProtector } from '@opsledger/event-store';
import { LedgerErasureParticipant } from './ledger-erasure.participant';
import { PersonalDataProtector } from './personal-data-protector';
import { PersonalDataReveal } from './personal-data-reveal';
import { SubjectKeyCache, SubjectKeyCacheOptions } from './subject-key-cache';
import { SubjectKeyInvalidation } from './subject-key-invalidation';
import { SubjectKeys } from './subject-keys';

export const DEFAULT_KEY_CACHE: SubjectKeyCacheOptions = { maxEntries: 10_000, ttlMs: 60_000 };

/**
 * Personal data in the ledger: per-person keys, sealing on append (bound to the event
 * store's EventProtector port), revealing for readers, shredding (the ledger's erasure
 * participant) and the cross-instance key invalidation. Needs PersistenceModule, CryptoModule and EventStoreModule.
 */
@Global()
@Module({})
export class PersonalDataModule {
  static forRoot(options: { keyCache?: Partial<SubjectKeyCacheOptions> } = {}): DynamicModule {
    const cache = { ...DEFAULT_KEY_CACHE, ...options.keyCache };
    return {
      module: PersonalDataModule,
      providers: [
        { provide: SubjectKeyCache, useFactory: () => new SubjectKeyCache(cache) },
        SubjectKeys,
        SubjectKeyInvalidation,
        PersonalDataProtector,
        PersonalDataReveal,
        { provide: EventProtector, useExisting: PersonalDataProtector },
        LedgerErasureParticipant,
      ],
      exports: [
        SubjectKeys,
        SubjectKeyInvalidation,
        PersonalDataProtector,
        PersonalDataReveal,
        EventProtector,
        SubjectKeyCache,
      ],
    };
  }
}
