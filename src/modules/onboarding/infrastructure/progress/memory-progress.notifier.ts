import { EventEmitter } from 'node:events';
import { ProgressChange, ProgressNotifier } from '../../application/progress-notifier';

/** One instance: changes go straight to this process's watchers. */
export class MemoryProgressNotifier extends ProgressNotifier {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  changed(tenantId: string, contractorId: string): void {
    this.emitter.emit(contractorId, { tenantId, contractorId } satisfies ProgressChange);
  }

  watch(contractorId: string, listener: (change: ProgressChange) => void): () => void {
    this.emitter.on(contractorId, listener);
    return () => this.emitter.off(contractorId, listener);
  }
}
