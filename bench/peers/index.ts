import type { Peer, PeerId } from './peer.js';

/** Loads one peer's adapter, and only its library: a peer's process carries no other peer. */
export async function loadPeer(id: PeerId): Promise<Peer> {
  switch (id) {
    case 'pg-boss':
      return (await import('./pg-boss.js')).pgBoss;
    case 'graphile-worker':
      return (await import('./graphile-worker.js')).graphileWorker;
    case 'bullmq':
      return (await import('./bullmq.js')).bullmq;
  }
}
