/** Port: whether an account exists, so an admin naming an unknown user gets a 404. */
export abstract class AccountHolders {
  abstract exists(userId: string): Promise<boolean>;
}
