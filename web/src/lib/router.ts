// Hash routing: works behind any static server and needs nothing from the Tollgate server.
import { useEffect, useState } from 'react';

export type Route =
  | { name: 'usage' }
  | { name: 'jobs' }
  | { name: 'job'; id: string }
  | { name: 'optimizer' }
  | { name: 'leads' }
  | { name: 'admin' }
  | { name: 'job-types' }
  | { name: 'webhooks' }
  | { name: 'not-found'; path: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '') || '/usage';
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second] = parts;
  if (parts.length === 1 && (first === 'usage' || first === 'jobs' || first === 'optimizer' || first === 'leads' || first === 'admin' || first === 'job-types' || first === 'webhooks')) {
    return { name: first };
  }
  if (parts.length === 2 && first === 'jobs' && second) return { name: 'job', id: second };
  return { name: 'not-found', path };
}

export function href(route: Route): string {
  switch (route.name) {
    case 'job':
      return `#/jobs/${encodeURIComponent(route.id)}`;
    case 'not-found':
      return '#/usage';
    default:
      return `#/${route.name}`;
  }
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
