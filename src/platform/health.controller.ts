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
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 2000 }),
      async () => {
        const indicator = this.indicators.check('documentStore');
        try {
          await this.documents.ping();
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
