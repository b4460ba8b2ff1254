import { Controller, Header, HttpStatus, Query, StreamableFile } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Roles } from '@opsledger/auth';
import { Page, PageQuery, Route, WithStatus } from '@opsledger/http';
import { Readable } from 'node:stream';
import { LedgerBrokenError, NothingToSealError } from '../domain/audit.errors';
import { SealLedgerCommand } from '../application/commands/seal-ledger/seal-ledger.command';
import { ExportLedgerQuery } from '../application/queries/export-ledger/export-ledger.query';
import { SealView, toSealView } from '../application/queries/list-seals/seal.read-model';
import { ListSealsQuery } from '../application/queries/list-seals/list-seals.query';
import { LedgerVerification } from '../application/queries/verify-ledger/ledger-verification.read-model';
import { VerifyLedgerQuery } from '../application/queries/verify-ledger/verify-ledger.query';
import { ApiAuditProblems, ApiConflictProblem } from './audit-problems.decorator';
import { LedgerRangeQueryDto, LedgerVerifyQueryDto } from './ledger-range.request.dto';
import { LedgerVerificationResponseDto } from './ledger-verification.response.dto';
import { ndjson } from './ndjson';
import { SealPageResponseDto, SealResponseDto } from './seal.response.dto';

export const NDJSON = 'application/x-ndjson';

/** The ledger itself (not a projection): verification, export and seals. */
@ApiTags('audit')
@ApiBearerAuth('bearer')
@Roles('auditor', 'admin')
@Controller('audit')
export class LedgerController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @ApiAuditProblems()
  @Route.Read({
    path: 'verify',
    summary: 'Verify the ledger',
    description:
      'Recomputes every event hash and MAC in the window, checks each stream’s hash chain and version sequence, every seal ' +
      'over the window (digest, signature, seal chain), and compares the database with the witness (seals and append heads ' +
      'recorded outside the database). Reports every break at its exact position (`findings`), the first one on top. ' +
      'The whole ledger is verified incrementally unless `full=true`: a seal that an earlier verification walked and ' +
      'found intact is re-checked from its stored hashes and row versions instead of being walked again ' +
      '(`eventsWalked` counts the events walked); any change to it sends it back to a walk.',
    type: LedgerVerificationResponseDto,
  })
  verify(@Query() query: LedgerVerifyQueryDto): Promise<LedgerVerification> {
    return this.queries.execute(
      new VerifyLedgerQuery(
        query.fromPosition ?? null,
        query.toPosition ?? null,
        query.full === 'true',
      ),
    );
  }

  @ApiAuditProblems()
  @Route.Read({
    path: 'export',
    summary: 'Export the raw ledger as NDJSON',
    description:
      'A header line, every event (all stored fields, hashes, positions, transaction ids) in commit order, the seals over them, ' +
      'and an end line. A window is widened to whole seals. Check it offline with `npm run audit:verify-export -- <file> <jwks>`. ' +
      'Personal values stay encrypted (per-person envelopes): the export is for verification, and it still verifies after erasures.',
  })
  @ApiOkResponse({
    description: 'One JSON record per line',
    content: { [NDJSON]: { schema: { type: 'string' } } },
  })
  @Header('cache-control', 'no-store')
  @ApiProduces(NDJSON)
  async export(@Query() query: LedgerRangeQueryDto): Promise<StreamableFile> {
    const records = await this.queries.execute(
      new ExportLedgerQuery(query.fromPosition ?? null, query.toPosition ?? null),
    );
    return new StreamableFile(Readable.from(ndjson(records)), {
      type: NDJSON,
      disposition: `attachment; filename="opsledger-ledger-${new Date().toISOString().replace(/[:.]/g, '-')}.ndjson"`,
    });
  }

  @ApiAuditProblems()
  @Route.List({ path: 'seals', summary: 'The seal chain, newest first', type: SealPageResponseDto })
  seals(@Query() query: PageQuery): Promise<Page<SealView>> {
    return this.queries.execute(new ListSealsQuery(query.limit ?? 20, query.cursor ?? null));
  }

  @ApiConflictProblem(
    'The ledger holds no committed event yet (AUDIT.NOTHING_TO_SEAL), or the range to seal failed verification and ' +
      'nothing was signed (AUDIT.LEDGER_BROKEN; the refusal is recorded in the ledger)',
  )
  @ApiAuditProblems()
  @Route.Create({
    path: 'seals',
    summary: 'Seal the ledger now (admin)',
    description:
      'Verifies, then seals every committed event after the last seal and answers the new seal (201), or the latest seal when ' +
      'nothing new was committed (200). A range that fails verification (an event changed, forged or missing, a seal ' +
      'missing from the database or the witness) is not sealed: 409 AUDIT.LEDGER_BROKEN.',
    type: SealResponseDto,
    responseDescription: 'A new seal',
    location: false,
    idempotent: false,
    // Sealing verifies and signs in transactions of its own; a refusal is recorded even though it fails.
    unitOfWork: false,
  })
  @ApiOkResponse({ type: SealResponseDto, description: 'Nothing new to seal: the latest seal' })
  @Roles('admin')
  async sealNow(): Promise<WithStatus<SealView>> {
    const outcome = await this.commands.execute(new SealLedgerCommand(true));
    if (outcome.refused) throw new LedgerBrokenError(outcome.refused[0], outcome.refused.length);
    if (!outcome.seal) throw new NothingToSealError();
    return new WithStatus(
      outcome.created ? HttpStatus.CREATED : HttpStatus.OK,
      toSealView(outcome.seal),
    );
  }
}
