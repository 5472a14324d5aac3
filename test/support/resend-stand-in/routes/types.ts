import type { IncomingHttpHeaders } from 'node:http';
import type { ResendSpec } from '../spec.ts';
import type { StandInState } from '../state.ts';

export interface RouteContext {
  params: Record<string, string>;
  query: URLSearchParams;
  /** The request body, already parsed and validated against the spec. */
  body: unknown;
  headers: IncomingHttpHeaders;
  state: StandInState;
  spec: ResendSpec;
  /** Whether html/text/attachments of emails are kept. */
  recordBodies: boolean;
  /** The stand-in's base URL, for links it generates (unsubscribe). */
  baseUrl: string;
  idempotencyKey: string | null;
  now: number;
}

export interface RouteAnswer {
  /** Defaults to the success status the spec gives the operation. */
  status?: number;
  body: unknown;
}

export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** A path template. For routes in the spec, exactly the spec's path key. */
  path: string;
  /**
   * For routes the spec lacks but the official SDK calls: the success status
   * and the component schema that validates the body. Such routes say why.
   */
  notInSpec?: { status: number; bodySchema?: string };
  /** `handler`: the handler validates the body itself (batch, for permissive mode). */
  validation?: 'spec' | 'handler';
  /** Honours the `Idempotency-Key` header (the spec declares it on these operations). */
  idempotent?: boolean;
  handle(context: RouteContext): RouteAnswer;
}
