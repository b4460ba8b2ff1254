import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db, RequestContext } from '@opsledger/persistence';
import { randomBytes, randomUUID } from 'node:crypto';
import { AuthorizationCode } from '../../../domain/authorization-code.aggregate';
import { AuthorizationCodeRepository } from '../../../domain/authorization-code.repository';
import { sha256Hex } from '../../client-secrets';
import { userActor } from '../../user-actor';
import { IssueAuthorizationCodeCommand } from './issue-authorization-code.command';

/** The code is 256 random bits handed to the browser once; the table keeps its SHA-256. */
@CommandHandler(IssueAuthorizationCodeCommand)
export class IssueAuthorizationCodeHandler implements ICommandHandler<
  IssueAuthorizationCodeCommand,
  { code: string }
> {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly codes: AuthorizationCodeRepository,
  ) {}

  async execute(command: IssueAuthorizationCodeCommand): Promise<{ code: string }> {
    const i = command.interaction;
    const plaintext = randomBytes(32).toString('base64url');
    const code = AuthorizationCode.issue({
      id: randomUUID(),
      codeHash: sha256Hex(plaintext),
      clientId: command.client.id,
      userId: command.userId,
      tenantId: command.tenantId,
      redirectUri: i.ruri,
      scopes: i.sc,
      codeChallenge: i.cc ?? null,
      codeChallengeMethod: i.cc ? 'S256' : null,
      nonce: i.nn ?? null,
      audience: i.aud,
      sessionId: command.sessionId,
      authTime: command.authTime,
    });
    await this.context.run(userActor(command.userId, command.sessionId, command.tenantId), () =>
      this.context.asSystem(() => this.db.transaction(() => this.codes.save(code))),
    );
    return { code: plaintext };
  }
}
