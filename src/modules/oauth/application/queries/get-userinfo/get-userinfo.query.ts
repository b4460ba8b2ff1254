export class GetUserInfoQuery {
  constructor(readonly accessToken: string | null) {}
}
