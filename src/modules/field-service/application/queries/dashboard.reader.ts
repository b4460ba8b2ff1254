import { DashboardView } from './dashboard.read-model';

/** Read port: the dispatcher's overview of one tenant, computed by the database in exact numerics. */
export abstract class DashboardReader {
  abstract summary(tenantId: string): Promise<DashboardView>;
}
