export class SignUpCommand {
  constructor(
    readonly tenantSlug: string,
    readonly email: string,
    readonly password: string,
    readonly fullName: string | null,
  ) {}
}
