import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { Public } from '@opsledger/auth';
import { DocumentStore } from '@opsledger/document-store';
import { LedgerHorizonMonitor } from '@opsledger/event-store';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/** Each readiness check's own limit; together they answer well within 2 s. */
const READY_CHECK_TIMEOUT_MS = 1_200;

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly documents: DocumentStore,
    private readonly horizon: LedgerHorizonMonitor,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    summary: 'Readiness: PostgreSQL and the document store answer',
    description:
      'Also reports `ledgerHorizon`: `state` is `held` when one in-flight ledger writer (`holderPid`, `holderXid`) has ' +
      'held back the audit trail and sealing for longer than LEDGER_HORIZON_LIMIT_SECONDS (`heldSeconds`), `unknown` when ' +
      'the check did not answer within a second. It informs; it does not make the instance unready.',
  })
  ready() {
    // The checks run side by side, each bounded, so readiness answers within 2 s even while
    // PostgreSQL hangs (frozen, pool exhausted): then it says not ready (503).
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: READY_CHECK_TIMEOUT_MS }),
      async () => {
        const indicator = this.indicators.check('documentStore');
        try {
          await withTimeout(this.documents.ping(), READY_CHECK_TIMEOUT_MS);
          return indicator.up();
        } catch (error) {
          return indicator.down({
            message: error instanceof Error ? error.message : 'unreachable',
          });
        }
      },
      async () =>
        this.indicators
          .check('ledgerHorizon')
          .up({ ...(await this.horizon.status(this.config.LEDGER_HORIZON_LIMIT_SECONDS)) }),
    ]);
  }
}
