/**
 * A local stand-in for Resend's HTTP API, built from the official OpenAPI
 * description (openapi/resend.yaml) plus the behaviour Resend documents and
 * the spec leaves out: bearer auth, error bodies, rate limits, idempotency
 * keys and batch limits. Plain node:http; tests start it on 127.0.0.1 with a
 * random port and point the SDK at `standIn.url`.
 *
 * Order of checks for each request (each can end it):
 *   1. injected fault `drop` / `429` / `500` / `503` (infrastructure: before auth, not processed)
 *   2. auth: no bearer key → 401 `missing_api_key`, another key → 403 `invalid_api_key`
 *   3. permanent error set by `setPermanentError`
 *   4. rate limit → 429 `rate_limit_exceeded` (only requests past this point count)
 *   5. route → 404 / 405
 *   6. idempotency key → replay, or 409
 *   7. body parsed and validated against the spec → 422 `validation_error`
 *   8. handler; then for the faults `slow` / `hold` / `lost`, a held-back or lost answer
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ApiError,
  describeSchemaErrors,
  errorForStatus,
  invalidApiKey,
  missingApiKey,
  payloadTooLarge,
  rateLimitExceeded,
  validationError,
} from './errors.ts';
import { FaultPlan, type FaultKindInput, type FaultOptions, type FaultTarget } from './faults.ts';
import { BodyTooLargeError, headersForLog, parseMultipart, readBody, singleHeader } from './http.ts';
import { IdempotencyStore, type IdempotencyClaim } from './idempotency.ts';
import { SlidingWindowLimiter } from './rate-limit.ts';
import { Router } from './router.ts';
import { deliverBroadcast } from './routes/broadcasts.ts';
import { allRoutes } from './routes/index.ts';
import type { Route, RouteContext } from './routes/types.ts';
import { loadResendSpec, type ResendSpec } from './spec.ts';
import {
  StandInState,
  type Broadcast,
  type Contact,
  type ContactImport,
  type RecordedRequest,
  type Segment,
  type StoredEmail,
} from './state.ts';

export const DEFAULT_API_KEY = 're_test_standin_key';
const DEFAULT_MAX_BODY_BYTES = 50 * 1024 * 1024;

export interface StandInOptions {
  /** The one API key accepted. Default `re_test_standin_key`. */
  apiKey?: string;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default 0: a free port chosen by the system. */
  port?: number;
  /** Keep html, text and attachments of accepted emails. Default true; false for benchmarks. */
  recordBodies?: boolean;
  /** Keep the `requests` log. Default true; false for very long benchmarks. */
  recordRequests?: boolean;
  /** Requests per second, or null (default) for no limit. Same as `setRateLimit`. */
  rateLimit?: number | null;
  /** Random faults from the start. Same as `setFaults`. */
  faults?: FaultOptions | null;
  /** How long a `slow` fault holds its answer back, in ms. Default 2000. */
  slowMs?: number;
  /** Larger bodies get 413. Default 50 MiB. */
  maxBodyBytes?: number;
  /** Another copy of resend.yaml. Default: the one beside this file, or $RESEND_OPENAPI_SPEC. */
  specPath?: string;
}

export type PermanentErrorStatus = 401 | 403 | 422;

export interface StandIn {
  /** Base URL, no trailing slash: `new Resend(key, { baseUrl: standIn.url })` or RESEND_BASE_URL. */
  readonly url: string;
  readonly port: number;
  /** The accepted API key. */
  readonly apiKey: string;
  /** Every accepted email, oldest first. Tests may read, filter or empty it. */
  readonly emails: StoredEmail[];
  /** Every request, in arrival order (see RecordedRequest). */
  readonly requests: RecordedRequest[];
  /** Contacts by id. Change them through the API or `state.saveContact` / `state.removeContact`. */
  readonly contacts: Map<string, Contact>;
  readonly segments: Map<string, Segment>;
  readonly broadcasts: Map<string, Broadcast>;
  readonly imports: Map<string, ContactImport>;
  readonly state: StandInState;
  /** Emails accepted for this address (to, cc or bcc; case and display name ignored). */
  deliveriesTo(address: string): StoredEmail[];
  /** Accepted emails per lower-cased bare address. */
  countByRecipient(): Map<string, number>;
  /** Requests per second in a sliding 1-second window, or null for no limit. */
  setRateLimit(perSecond: number | null): void;
  /** Seeded random faults, or null to stop them (queued `failNext` faults stay). */
  setFaults(options: FaultOptions | null): void;
  /**
   * The next `count` requests fail with `kind`, before any random fault; with a `target`
   * (`{ method: 'POST', path: '/broadcasts/{id}/send' }`), the next `count` requests to it.
   */
  failNext(count: number, kind: FaultKindInput, target?: FaultTarget): void;
  /** Forgets the `failNext` faults not used yet (random faults stay); answers how many there were. */
  dropQueuedFaults(): number;
  /** Sends every answer a `hold` (or `slow`) fault is holding back, now; answers how many. */
  releaseHeldAnswers(): number;
  /** Answer every request (after auth) with this status, or null to stop. */
  setPermanentError(status: PermanentErrorStatus | null): void;
  /** Delivers every `scheduled` broadcast now; answers how many. */
  deliverScheduledBroadcasts(): number;
  /** Forgets all records and idempotency keys, and clears faults, rate limit and permanent error. */
  reset(): void;
  close(): Promise<void>;
}

/** What the server sends back (or would have, for `lost`). */
interface Answer {
  status: number;
  body: string;
  headers: Record<string, string>;
  errorName?: string;
  claim?: IdempotencyClaim;
}

const NO_HEADERS: Record<string, string> = {};

export async function startResendStandIn(options: StandInOptions = {}): Promise<StandIn> {
  const standIn = new ResendStandIn(options);
  await standIn.listen(options.host ?? '127.0.0.1', options.port ?? 0);
  return standIn;
}

class ResendStandIn implements StandIn {
  readonly apiKey: string;
  readonly state = new StandInState();
  url = '';
  port = 0;

  private readonly spec: ResendSpec;
  private readonly router = new Router(allRoutes);
  private readonly server: Server;
  private readonly faults = new FaultPlan();
  private readonly idempotency = new IdempotencyStore();
  /** Answers held back by `slow` (with their timer) and `hold` (until released), each with the function that sends it. */
  private readonly heldAnswers = new Map<Answer, { timer: NodeJS.Timeout | null; send: () => void }>();
  private readonly recordBodies: boolean;
  private readonly recordRequests: boolean;
  private readonly maxBodyBytes: number;
  private limiter: SlidingWindowLimiter | null = null;
  private permanentError: PermanentErrorStatus | null = null;
  private closing: Promise<void> | null = null;

  constructor(options: StandInOptions) {
    this.spec = loadResendSpec(options.specPath);
    this.apiKey = options.apiKey ?? DEFAULT_API_KEY;
    this.recordBodies = options.recordBodies ?? true;
    this.recordRequests = options.recordRequests ?? true;
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    if (options.slowMs !== undefined) this.faults.slowMs = options.slowMs;
    if (options.faults) this.faults.configure(options.faults);
    this.setRateLimit(options.rateLimit ?? null);
    this.server = createServer((request, response) => void this.handle(request, response));
  }

  get emails() {
    return this.state.emails;
  }
  get requests() {
    return this.state.requests;
  }
  get contacts() {
    return this.state.contacts;
  }
  get segments() {
    return this.state.segments;
  }
  get broadcasts() {
    return this.state.broadcasts;
  }
  get imports() {
    return this.state.imports;
  }

  listen(host: string, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.port = (this.server.address() as AddressInfo).port;
        this.url = `http://${host.includes(':') ? `[${host}]` : host}:${this.port}`;
        resolve();
      });
    });
  }

  deliveriesTo(address: string): StoredEmail[] {
    return this.state.deliveriesTo(address);
  }

  countByRecipient(): Map<string, number> {
    return this.state.countByRecipient();
  }

  setRateLimit(perSecond: number | null): void {
    this.limiter = perSecond === null ? null : new SlidingWindowLimiter(perSecond);
  }

  setFaults(options: FaultOptions | null): void {
    this.faults.configure(options);
  }

  failNext(count: number, kind: FaultKindInput, target?: FaultTarget): void {
    this.faults.failNext(count, kind, target);
  }

  dropQueuedFaults(): number {
    return this.faults.dropQueued();
  }

  releaseHeldAnswers(): number {
    const held = [...this.heldAnswers.values()];
    for (const { send } of held) send();
    return held.length;
  }

  setPermanentError(status: PermanentErrorStatus | null): void {
    this.permanentError = status;
  }

  deliverScheduledBroadcasts(): number {
    const scheduled = [...this.state.broadcasts.values()].filter((broadcast) => broadcast.status === 'scheduled');
    for (const broadcast of scheduled) deliverBroadcast(this.contextFor({}, new URLSearchParams(), undefined, null), broadcast);
    return scheduled.length;
  }

  reset(): void {
    this.state.clear();
    this.idempotency.clear();
    this.faults.clear();
    this.limiter = null;
    this.permanentError = null;
  }

  close(): Promise<void> {
    this.closing ??= new Promise((resolve) => {
      for (const [answer, { timer }] of this.heldAnswers) {
        if (timer) clearTimeout(timer);
        answer.claim?.finish();
      }
      this.heldAnswers.clear();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return this.closing;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    response.on('error', () => {}); // the client may be gone when a held answer is sent
    const record = this.startRecord(request);
    let raw: Buffer;
    try {
      raw = await readBody(request, this.maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        response.setHeader('connection', 'close');
        this.send(response, record, errorAnswer(payloadTooLarge(this.maxBodyBytes), this.peekRateHeaders()));
      } else {
        request.socket.destroy();
      }
      return;
    }
    const fault = this.faults.draw(record);
    if (fault !== null) record.fault = fault;
    if (fault === 'drop') return this.hangUp(request, record);
    if (fault === 500 || fault === 503) return this.send(response, record, errorAnswer(errorForStatus(fault), this.peekRateHeaders()));
    if (fault === 429) return this.send(response, record, errorAnswer(rateLimitExceeded(this.limiter?.perSecond ?? 2), { ...this.peekRateHeaders(), 'retry-after': '1' }));

    const answer = await this.process(request, raw, record);
    if (fault === 'lost') {
      this.hangUp(request, record);
      answer.claim?.finish();
    } else if (fault === 'slow' || fault === 'hold') {
      this.sendLater(response, record, answer, fault === 'slow' ? this.faults.slowMs : null);
    } else {
      this.send(response, record, answer);
    }
  }

  private startRecord(request: IncomingMessage): RecordedRequest {
    const url = request.url ?? '/';
    const queryStart = url.indexOf('?');
    const record: RecordedRequest = {
      method: request.method ?? 'GET',
      path: queryStart < 0 ? url : url.slice(0, queryStart),
      query: queryStart < 0 ? '' : url.slice(queryStart + 1),
      status: null,
      headers: headersForLog(request.headers),
      time: Date.now(),
      answeredAt: null,
    };
    if (this.recordRequests) this.state.requests.push(record);
    return record;
  }

  /** Steps 2–8 of the order above; never throws: every failure becomes an answer. */
  private async process(request: IncomingMessage, raw: Buffer, record: RecordedRequest): Promise<Answer> {
    const now = Date.now();
    let rateHeaders = this.peekRateHeaders(now);
    let claim: IdempotencyClaim | undefined;
    try {
      this.authenticate(request.headers.authorization);
      if (this.permanentError !== null) throw errorForStatus(this.permanentError);
      const rate = this.limiter?.take(now);
      if (rate) rateHeaders = rate.headers;
      if (rate && !rate.allowed) throw rateLimitExceeded(this.limiter!.perSecond);
      const { route, params } = this.router.match(record.method, record.path);
      const key = route.idempotent ? singleHeader(request.headers['idempotency-key']) : undefined;
      if (key !== undefined) {
        record.idempotencyKey = key;
        const outcome = this.idempotency.begin(key, record.method, record.path, raw);
        if (outcome.kind === 'refused') throw outcome.error;
        if (outcome.kind === 'replay') {
          record.replayed = true;
          return { ...outcome.answer, headers: rateHeaders };
        }
        claim = outcome.claim;
      }
      const body = await this.parseBody(route, request, raw);
      const result = route.handle(this.contextFor(params, new URLSearchParams(record.query), body, key ?? null, request, now));
      const answer: Answer = { status: result.status ?? this.successStatus(route), body: JSON.stringify(result.body), headers: rateHeaders };
      claim?.store(answer);
      return { ...answer, claim };
    } catch (error) {
      return { ...errorAnswer(asApiError(error), rateHeaders), claim };
    }
  }

  private contextFor(
    params: Record<string, string>,
    query: URLSearchParams,
    body: unknown,
    idempotencyKey: string | null,
    request?: IncomingMessage,
    now: number = Date.now(),
  ): RouteContext {
    return {
      params,
      query,
      body,
      headers: request?.headers ?? {},
      state: this.state,
      spec: this.spec,
      recordBodies: this.recordBodies,
      baseUrl: this.url,
      idempotencyKey,
      now,
    };
  }

  private authenticate(header: string | undefined): void {
    const bearer = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!bearer) throw missingApiKey();
    if (bearer[1] !== this.apiKey) throw invalidApiKey();
  }

  private peekRateHeaders(now: number = Date.now()): Record<string, string> {
    return this.limiter ? this.limiter.peek(now) : NO_HEADERS;
  }

  private successStatus(route: Route): number {
    return route.notInSpec?.status ?? this.spec.operation(route.method, route.path)?.successStatus ?? 200;
  }

  /**
   * Parses the body the operation declares (JSON, or multipart for contact
   * imports) and validates it against the spec's schema. Operations without a
   * request body ignore whatever was sent. An empty JSON body counts as `{}`.
   */
  private async parseBody(route: Route, request: IncomingMessage, raw: Buffer): Promise<unknown> {
    const operation = route.notInSpec ? undefined : this.spec.operation(route.method, route.path);
    const bodySchema = route.notInSpec?.bodySchema;
    const validate = bodySchema ? this.spec.schema(bodySchema) : operation?.validateBody;
    if (!validate) return undefined;
    const body =
      operation?.bodyMediaType === 'multipart/form-data'
        ? await readMultipartBody(raw, request.headers['content-type'])
        : readJsonBody(raw);
    if (route.validation === 'handler') return body;
    const value = body ?? {};
    if (!validate(value)) throw validationError(describeSchemaErrors(validate.errors));
    return value;
  }

  private send(response: ServerResponse, record: RecordedRequest, answer: Answer): void {
    record.status = answer.status;
    record.answeredAt = Date.now();
    if (answer.errorName) record.errorName = answer.errorName;
    if (!response.destroyed && !response.writableEnded) {
      response.writeHead(answer.status, {
        ...answer.headers,
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(answer.body),
      });
      response.end(answer.body);
    }
    answer.claim?.finish();
  }

  /** The `slow` and `hold` faults: the request was processed; its answer waits `delayMs`, or (null) until released. */
  private sendLater(response: ServerResponse, record: RecordedRequest, answer: Answer, delayMs: number | null): void {
    const send = () => {
      const held = this.heldAnswers.get(answer);
      if (!held) return;
      if (held.timer) clearTimeout(held.timer);
      this.heldAnswers.delete(answer);
      this.send(response, record, answer);
    };
    this.heldAnswers.set(answer, { timer: delayMs === null ? null : setTimeout(send, delayMs), send });
  }

  /** The `drop` and `lost` faults: close the connection without a word. */
  private hangUp(request: IncomingMessage, record: RecordedRequest): void {
    record.answeredAt = Date.now();
    request.socket.destroy();
  }
}

function errorAnswer(error: ApiError, headers: Record<string, string>): Answer {
  return { status: error.statusCode, body: JSON.stringify(error), headers, errorName: error.errorName };
}

function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  // A bug in the stand-in itself: answer like Resend's 500 and say what broke.
  console.error('[resend-stand-in] handler failed:', error);
  return new ApiError(500, 'internal_server_error', `Stand-in error: ${(error as Error)?.message ?? String(error)}`);
}

function readJsonBody(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw validationError(`Invalid JSON in the request body: ${(error as Error).message}`);
  }
}

async function readMultipartBody(raw: Buffer, contentType: string | undefined): Promise<Record<string, string>> {
  if (!contentType?.toLowerCase().startsWith('multipart/form-data')) {
    throw validationError('Invalid request body: must be multipart/form-data.');
  }
  try {
    return await parseMultipart(raw, contentType);
  } catch (error) {
    throw validationError(`Invalid multipart body: ${(error as Error).message}`);
  }
}
