import { Injectable } from '@nestjs/common';
import { IdentityDirectory } from '../../../identity/identity.public';
import { AccountHolders } from '../../application/account-holders.port';

/** Asks the directory the identity context publishes; accounts never reads identity's tables. */
@Injectable()
export class DirectoryAccountHolders extends AccountHolders {
  constructor(private readonly directory: IdentityDirectory) {
    super();
  }

  async exists(userId: string): Promise<boolean> {
    return (await this.directory.findUser(userId)) !== null;
  }
}
