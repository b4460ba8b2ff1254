import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { RefusalRecorder } from '@opsledger/http';
import { AggregateWriter } from './aggregate-writer';
import { EventStore } from './event-store';
import { LedgerHorizonMonitor } from './ledger-horizon-monitor';
import { LedgerMac } from './ledger-mac';
import { LedgerMetrics } from './ledger-metrics';
import { LedgerRefusalRecorder } from './ledger-refusal-recorder';
import { FileLedgerWitness } from './file-ledger-witness';
import { LedgerWitness } from './ledger-witness';
import { LedgerWitnessRecorder, WITNESS_OPTIONS } from './ledger-witness-recorder';
import { ProjectionRunner, PROJECTOR_OPTIONS, ProjectorOptions } from './projection-runner';
import type { S3WitnessOptions } from './s3-ledger-witness';

/** Where the ledger's witness lives: the operator's choice. */
export type WitnessConfig = { kind: 'file'; dir: string } | ({ kind: 's3' } & S3WitnessOptions);

export interface EventStoreOptions extends ProjectorOptions {
  witness: WitnessConfig;
  /** Longest wait before a committed append's head reaches the witness (default 1000 ms). */
  witnessFlushMs?: number;
}

/** The S3 adapter (and the AWS SDK, some 15 MB of heap) is loaded only when configured. */
export async function createLedgerWitness(config: WitnessConfig): Promise<LedgerWitness> {
  if (config.kind === 'file') return new FileLedgerWitness(config.dir);
  const { kind: _kind, ...options } = config;
  void _kind;
  const { S3LedgerWitness } = await import('./s3-ledger-witness');
  return new S3LedgerWitness(options);
}

@Global()
@Module({})
export class EventStoreModule {
  static forRoot(options: EventStoreOptions): DynamicModule {
    const providers: Provider[] = [
      EventStore,
      AggregateWriter,
      LedgerMetrics,
      LedgerMac,
      LedgerHorizonMonitor,
      ProjectionRunner,
      LedgerWitnessRecorder,
      { provide: PROJECTOR_OPTIONS, useValue: options },
      { provide: WITNESS_OPTIONS, useValue: { flushMs: options.witnessFlushMs ?? 1000 } },
      { provide: LedgerWitness, useFactory: () => createLedgerWitness(options.witness) },
      { provide: RefusalRecorder, useClass: LedgerRefusalRecorder },
    ];
    return {
      module: EventStoreModule,
      providers,
      exports: [
        EventStore,
        AggregateWriter,
        LedgerMetrics,
        LedgerMac,
        LedgerHorizonMonitor,
        LedgerWitness,
        LedgerWitnessRecorder,
        ProjectionRunner,
        RefusalRecorder,
      ],
    };
  }
}
