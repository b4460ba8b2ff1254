import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { RefusalRecorder } from '@opsledger/http';
import { AggregateWriter } from './aggregate-writer';
import { EventStore } from './event-store';
import { LedgerHorizonMonitor } from './ledger-horizon-monitor';
import { LedgerMetrics } from './ledger-metrics';
import { LedgerRefusalRecorder } from './ledger-refusal-recorder';
import { ProjectionRunner, PROJECTOR_OPTIONS, ProjectorOptions } from './projection-runner';

@Global()
@Module({})
export class EventStoreModule {
  static forRoot(options: ProjectorOptions): DynamicModule {
    const providers: Provider[] = [
      EventStore,
      AggregateWriter,
      LedgerMetrics,
      LedgerHorizonMonitor,
      ProjectionRunner,
      { provide: PROJECTOR_OPTIONS, useValue: options },
      { provide: RefusalRecorder, useClass: LedgerRefusalRecorder },
    ];
    return {
      module: EventStoreModule,
      providers,
      exports: [
        EventStore,
        AggregateWriter,
        LedgerMetrics,
        LedgerHorizonMonitor,
        ProjectionRunner,
        RefusalRecorder,
      ],
    };
  }
}
