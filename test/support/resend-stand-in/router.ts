/** Matches `METHOD /path` against the route templates (`/contacts/{id}`). */
import { methodNotAllowed, unknownEndpoint } from './errors.ts';
import type { Route } from './routes/types.ts';

interface CompiledRoute {
  route: Route;
  segments: string[];
  paramCount: number;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

export class Router {
  private compiled: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    // Literal segments win over parameters: `/contacts/imports` before `/contacts/{id}`.
    this.compiled = routes
      .map((route) => {
        const segments = route.path.split('/').slice(1);
        return { route, segments, paramCount: segments.filter(isParam).length };
      })
      .sort((a, b) => a.paramCount - b.paramCount);
  }

  /** The matching route, or throws 404 (no such path) / 405 (path exists, other method). */
  match(method: string, path: string): RouteMatch {
    const parts = path.split('/').slice(1);
    let pathExists = false;
    for (const candidate of this.compiled) {
      const params = matchSegments(candidate.segments, parts);
      if (!params) continue;
      if (candidate.route.method === method) return { route: candidate.route, params };
      pathExists = true;
    }
    throw pathExists ? methodNotAllowed() : unknownEndpoint();
  }
}

function isParam(segment: string): boolean {
  return segment.startsWith('{') && segment.endsWith('}');
}

function matchSegments(template: string[], parts: string[]): Record<string, string> | null {
  if (template.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i += 1) {
    const expected = template[i]!;
    const actual = parts[i]!;
    if (isParam(expected)) {
      if (actual === '') return null;
      params[expected.slice(1, -1)] = safeDecode(actual);
    } else if (expected !== actual) {
      return null;
    }
  }
  return params;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
