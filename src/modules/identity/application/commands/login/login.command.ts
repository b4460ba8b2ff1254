export class LoginCommand {
  constructor(
    readonly login: string,
    readonly password: string,
    readonly tenantId: string | null,
    readonly ip: string | null,
    readonly userAgent: string | null,
  ) {}
}
