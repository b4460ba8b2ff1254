import { SystemLogFilter, SystemLogView } from './crm.read-model';

/** Port: reads system_logs, newest first. */
export abstract class SystemLogReader {
  abstract list(filter: SystemLogFilter): Promise<SystemLogView[]>;
}
