import { EventEmitter } from 'node:events';

/** Something about a job changed (admitted, progressed, ended). Subscribers re-read the job. */
export interface JobEvent {
  tenantId: string;
  jobId: string;
  /** Set when the publisher knows the change is this one: workers abort a cancelled job's items at once. */
  status?: 'cancelled';
}

/**
 * Job change notifications. In-process by default; on PostgreSQL the worker issue wires NOTIFY so
 * that every process sees every change. Delivery is best effort: the database stays the truth.
 */
export interface EventBus {
  publish(event: JobEvent): void;
  subscribe(listener: (event: JobEvent) => void): () => void;
  close(): Promise<void>;
}

export function createLocalBus(): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish: (event) => emitter.emit('job', event),
    subscribe: (listener) => {
      emitter.on('job', listener);
      return () => emitter.off('job', listener);
    },
    close: async () => {
      emitter.removeAllListeners();
    },
  };
}
