/**
 * Path matching for the API: first matching pattern wins (so literal segments such as
 * `devices/status` are listed before `devices/:device`); a matching path without the verb is 405.
 */
import type { Handler } from './context';

export type Method = 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

export interface Route {
  path: string;
  /** Needs a valid auth token (everything but the auth endpoints). */
  auth: boolean;
  handlers: Partial<Record<Method, Handler>>;
}

export type Match =
  | { kind: 'found'; route: Route; handler: Handler; params: Record<string, string> }
  | { kind: 'method-not-allowed'; route: Route; params: Record<string, string> }
  | { kind: 'not-found' };

interface Compiled {
  route: Route;
  segments: string[];
}

export class Router {
  private readonly compiled: Compiled[];

  constructor(routes: Route[]) {
    this.compiled = routes.map((route) => ({ route, segments: route.path.split('/').filter(Boolean) }));
  }

  match(method: string, pathname: string): Match {
    const parts = pathname.split('/').filter(Boolean);
    for (const { route, segments } of this.compiled) {
      const params = matchSegments(segments, parts);
      if (!params) continue;
      const handler = route.handlers[method as Method];
      return handler ? { kind: 'found', route, handler, params } : { kind: 'method-not-allowed', route, params };
    }
    return { kind: 'not-found' };
  }
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < pattern.length; index++) {
    const segment = pattern[index] as string;
    const part = parts[index] as string;
    if (segment.startsWith(':')) {
      try {
        params[segment.slice(1)] = decodeURIComponent(part);
      } catch {
        return undefined;
      }
    } else if (segment !== part) {
      return undefined;
    }
  }
  return params;
}
