import { Controller, Param, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '@opsledger/auth';
import { DomainError } from '@opsledger/ddd';
import { PageQuery, Route } from '@opsledger/http';
import { OpenSharedContractorListCommand } from '../application/commands/open-shared-contractor-list/open-shared-contractor-list.command';
import { GetSharedContractorListQuery } from '../application/queries/get-shared-contractor-list/get-shared-contractor-list.query';
import { SharedListResponseDto } from './dto/contractor-list.dto';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** An email share's link: the list read-only, without an account. */
@ApiTags('portfolio')
@Controller('shared-lists')
export class SharedListsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Public()
  @Route.Read({
    path: ':token',
    summary: 'Open a list shared by email link (no account)',
    description:
      'The link sent by email: its token is the credential. The list and a page of its items, read-only; the time of access is ' +
      'recorded on the share and in the list’s activity. ' +
      'An unknown, revoked or expired link is a 404.',
    type: SharedListResponseDto,
    auth: false,
  })
  async open(@Param('token') token: string, @Query() query: PageQuery) {
    if (!TOKEN.test(token))
      throw new DomainError(
        'REQUEST.INVALID_TOKEN',
        'invalid_input',
        'token is not a share token',
        {
          field: 'token',
        },
      );
    const { listId } = await this.commands.execute(new OpenSharedContractorListCommand(token));
    return this.queries.execute(
      new GetSharedContractorListQuery(listId, { limit: query.limit ?? 100, cursor: query.cursor }),
    );
  }
}
