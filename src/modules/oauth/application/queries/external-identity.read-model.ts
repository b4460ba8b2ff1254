export interface ExternalIdentityView {
  id: string;
  userId: string;
  provider: string;
  subject: string;
  createdAt: Date;
}
