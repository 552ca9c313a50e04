// Live job updates over Server-Sent Events. EventSource cannot send headers, so the key
// travels as `access_token` (the server accepts it on its two SSE routes only).
import { useEffect, useRef, useState } from 'react';
import type { Api } from '../api.js';
import type { Job } from '../types.js';

export type LiveState = 'connecting' | 'live' | 'retrying' | 'closed' | 'unsupported';

/** Subscribe to `event: job` on `path` (`/v1/events` or `/v1/jobs/{id}/events`); null disconnects.
 * `onOpen` runs each time the stream (re)opens: events sent while it was down are lost, so callers
 * read the current state again then. */
export function useJobEvents(
  api: Api,
  path: string | null,
  onJob: (job: Job) => void,
  onOpen?: (reconnected: boolean) => void,
): LiveState {
  const [state, setState] = useState<LiveState>(path ? 'connecting' : 'closed');
  const onJobRef = useRef(onJob);
  onJobRef.current = onJob;
  const onOpenRef = useRef(onOpen);
  onOpenRef.current = onOpen;

  useEffect(() => {
    if (!path) {
      setState('closed');
      return;
    }
    if (typeof EventSource === 'undefined') {
      setState('unsupported');
      return;
    }
    const source = new EventSource(api.eventsUrl(path));
    setState('connecting');
    let opened = false;
    source.addEventListener('open', () => {
      setState('live');
      onOpenRef.current?.(opened);
      opened = true;
    });
    source.addEventListener('error', () => {
      // The browser retries by itself unless the server refused the stream outright.
      setState(source.readyState === EventSource.CLOSED ? 'closed' : 'retrying');
    });
    source.addEventListener('job', (event) => {
      const job = parseJob((event as MessageEvent<string>).data);
      if (job) onJobRef.current(job);
    });
    return () => source.close();
  }, [api, path]);

  return state;
}

function parseJob(data: string): Job | null {
  try {
    const value = JSON.parse(data) as Partial<Job>;
    return typeof value.id === 'string' && typeof value.status === 'string' ? (value as Job) : null;
  } catch {
    return null;
  }
}
