/**
 * Job change notifications, in no layer: `core`, `worker` and the worker routes publish, the event
 * stream and the workers subscribe, and `store` carries events between processes on PostgreSQL
 * (notify.pg.ts). Kept here so that `store` need not import `core` to do that.
 */
import { EventEmitter } from 'node:events';

/** Something about a job changed (admitted, progressed, ended). Subscribers re-read the job. */
export interface JobEvent {
  tenantId: string;
  jobId: string;
  /** The job's type, when the publisher knows it: a worker waiting for that type's items wakes. */
  type?: string;
  /** Set when the publisher knows the change is this one: workers abort a cancelled job's items at once. */
  status?: 'cancelled';
}

/**
 * Job change notifications. In-process by default; on PostgreSQL, NOTIFY (store/notify.pg.ts) lets
 * every process see every change. Delivery is best effort: the database stays the truth.
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
