import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import { Route, UuidParam } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import {
  ConfirmMicroDepositsCommand,
  MicroDepositConfirmation,
} from '../application/commands/confirm-micro-deposits/confirm-micro-deposits.command';
import { SendMicroDepositsCommand } from '../application/commands/send-micro-deposits/send-micro-deposits.command';
import {
  ConfirmMicroDepositsRequestDto,
  MicroDepositConfirmationResponseDto,
} from './dto/micro-deposit.dto';

@ApiTags('onboarding')
@ApiBearerAuth('bearer')
@Controller('contractors/:contractorId/bank-accounts/:bankAccountId/micro-deposits')
export class BankVerificationController {
  constructor(private readonly commands: CommandBus) {}

  @Route.Action({
    summary: 'Send two micro-deposits to the bank account',
    description:
      "The contractor's own user or a reviewer. Two random amounts (1–99 cents) are deposited; only their " +
      'keyed hash is kept and neither appears in the ledger or any answer. Sending again replaces them and ' +
      'resets the attempts (409 while locked or once verified).',
    status: 204,
    idempotent: false,
    problems: [404],
  })
  async send(
    @CurrentActor() actor: Actor,
    @UuidParam('contractorId') contractorId: string,
    @UuidParam('bankAccountId') bankAccountId: string,
  ): Promise<void> {
    await this.commands.execute(new SendMicroDepositsCommand(actor, contractorId, bankAccountId));
  }

  @Route.Action({
    path: 'confirm',
    summary: 'Confirm the two micro-deposit amounts',
    description:
      "The contractor's own user only. Right amounts verify the account; a wrong pair is answered " +
      '`verified: false` with the tries left, and the third wrong one fails and locks the account ' +
      '(then 409 BANK_ACCOUNT.MICRO_DEPOSITS_LOCKED until the lock runs out and deposits are sent again).',
    type: MicroDepositConfirmationResponseDto,
    status: 200,
    idempotent: false,
    problems: [404],
  })
  confirm(
    @CurrentActor() actor: Actor,
    @UuidParam('contractorId') contractorId: string,
    @UuidParam('bankAccountId') bankAccountId: string,
    @Body() body: ConfirmMicroDepositsRequestDto,
  ): Promise<MicroDepositConfirmation> {
    return this.commands.execute(
      new ConfirmMicroDepositsCommand(actor, contractorId, bankAccountId, [
        body.amounts[0],
        body.amounts[1],
      ]),
    );
  }
}
