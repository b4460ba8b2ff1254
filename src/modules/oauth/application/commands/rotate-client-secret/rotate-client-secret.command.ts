import type { Actor } from '@opsledger/persistence';

export class RotateClientSecretCommand {
  constructor(
    readonly actor: Actor,
    readonly id: string,
  ) {}
}
