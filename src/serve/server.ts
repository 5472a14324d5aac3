/**
 * `npm run serve`: the unsubscribe and bounce loop, a small service the
 * organisation deploys behind its site, on Fastify (routing, body limits, form
 * parsing, per-route rate limits, security headers from @fastify/helmet).
 *
 *   GET  /unsubscribe?token=…    confirmation page with one button (changes nothing:
 *                                link scanners fetch every link in a message)
 *   POST /unsubscribe?token=…    RFC 8058 one-click (`List-Unsubscribe=One-Click`) and the
 *                                page's button: 200, no cookies, no redirects
 *   POST /webhooks/resend        Svix-signed Resend events → suppression list
 *   GET  /healthz
 *
 * Secrets and tokens never reach the log or an answer.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { verifyUnsubscribeToken } from '../personalise/unsubscribe-token.ts';
import { pingRecord, type Db } from '../store/db.ts';
import { confirmPage, donePage, invalidPage, pickLanguage } from './pages.ts';
import { checkWebhookSecret, verifySvix } from './svix.ts';
import { createSuppressionWriter, type SuppressionWriter, type WriteResult } from './pending.ts';
import { parseWebhook } from './webhook.ts';

export type ServeOptions = Readonly<{
  /** The record. Serve sets its busy timeout to 0 and queues writes while another process holds the lock (pending.ts). */
  db: Db;
  /** UNSUBSCRIBE_SECRET; without it the unsubscribe routes answer 503. */
  unsubscribeSecret?: string;
  /** RESEND_WEBHOOK_SECRET (`whsec_…`); without it the webhook route answers 503. */
  webhookSecret?: string;
  /** Named on the pages: the brand's newsletter name. */
  listName: string;
  /** Page language when neither `?lang=` nor Accept-Language names a supported one. */
  language?: string;
  /** Milliseconds; tests move the clock. */
  now?: () => number;
  log?: (line: string) => void;
  /** Per-IP limits on the form and webhook routes; default DEFAULT_RATE_LIMITS. */
  rateLimits?: RateLimits;
  /** Fastify's `trustProxy`: set it when serve runs behind the site's proxy, so limits count the reader's address, not the proxy's. Default false. */
  trustProxy?: boolean | string;
}>;

/** Form posts and one-click bodies are a few dozen bytes. */
export const MAX_FORM_BYTES = 16 * 1024;
/** Resend events are small JSON documents; a megabyte is generous. */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;
const MAX_TOKEN_LENGTH = 1024;
/** Slow-loris protection: the headers within 10 s, the whole request within 15 s. */
export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 15_000;

/**
 * Per IP and route. Webhooks: Resend posts every email's events from a few addresses, about two per email
 * as a batch send goes out at its default 10 requests/s × 100 emails (2,000 a second at the peak). A lower
 * limit turns a campaign's events into 429s Resend must retry; this one only stops a flood.
 */
export const DEFAULT_RATE_LIMITS: RateLimits = { forms: { max: 300, windowMs: 60_000 }, webhooks: { max: 120_000, windowMs: 60_000 } };

export type RateLimit = Readonly<{ max: number; windowMs: number }>;
export type RateLimits = Readonly<{ forms: RateLimit; webhooks: RateLimit }>;

const text = (reply: FastifyReply, status: number, body: string) => reply.code(status).type('text/plain; charset=utf-8').send(body);
const json = (reply: FastifyReply, status: number, body: unknown) => reply.code(status).header('cache-control', 'no-store').type('application/json').send(JSON.stringify(body));
/** Personal pages (they show an address): never cached, never framed, the token never sent on as a referrer (helmet sets the last two for every answer). */
const page = (reply: FastifyReply, status: number, html: string) => reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);

/**
 * RFC 8058 §3.2: the POST body is `List-Unsubscribe=One-Click`, sent as
 * application/x-www-form-urlencoded (parsed by @fastify/formbody) or
 * multipart/form-data (kept as text: one field is all there is to read).
 */
export function isOneClickBody(contentType: string | undefined, body: unknown): { ok: boolean; viaPage: boolean } {
  if (typeof body === 'string' && (contentType ?? '').toLowerCase().startsWith('multipart/form-data')) {
    const field = (name: string) => new RegExp(`name="${name}"\\r?\\n(?:[^\\r\\n]+\\r?\\n)*\\r?\\n([^\\r\\n]*)`).exec(body)?.[1];
    return { ok: field('List-Unsubscribe') === 'One-Click', viaPage: false };
  }
  const form: Record<string, unknown> = typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const get = (name: string) => (Object.hasOwn(form, name) ? form[name] : undefined);
  return { ok: get('List-Unsubscribe') === 'One-Click', viaPage: get('via') === 'page' };
}

/** A write that is neither in the record nor queued: ask the sender to come back (RFC 8058 senders retry, so does Svix). */
const unavailable = (reply: FastifyReply) => text(reply.header('retry-after', '60'), 503, 'the suppression list cannot be written right now; try again in a minute\n');

/** The path and query of a request (find-my-way routes on the path; handlers read the query as the URL standard parses it). */
const requestUrl = (request: FastifyRequest): URL => new URL(request.url, 'http://serve.invalid');

/** Each route's methods: a known path with another method is a 405 naming them, anything else a 404. */
const ROUTE_METHODS: ReadonlyMap<string, readonly string[]> = new Map([
  ['/unsubscribe', ['GET', 'HEAD', 'POST']],
  ['/webhooks/resend', ['POST']],
  ['/healthz', ['GET', 'HEAD']],
]);

/**
 * The service as a Fastify app (not yet listening), and the writer whose queue
 * close() must flush. Body limits, form parsing, rate limits and security
 * headers come from Fastify and its maintained plugins; the handlers keep
 * the token, signature and pending-write logic.
 */
export async function createServeApp(options: ServeOptions & Readonly<{ serverFactory?: FastifyServerOptions['serverFactory'] }>): Promise<{ app: FastifyInstance; writes: SuppressionWriter }> {
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => {});
  const fallbackLanguage = options.language ?? 'en';
  const limits = options.rateLimits ?? DEFAULT_RATE_LIMITS;
  if (options.webhookSecret) checkWebhookSecret(options.webhookSecret, 'webhookSecret');

  const app = Fastify({
    logger: false,
    bodyLimit: MAX_FORM_BYTES,
    requestTimeout: REQUEST_TIMEOUT_MS,
    // Rate limits key on the client's address: behind the site's proxy, trust it to say which.
    trustProxy: options.trustProxy ?? false,
    ...(options.serverFactory ? { serverFactory: options.serverFactory } : {}),
  });
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], styleSrc: ["'unsafe-inline'"], formAction: ["'self'"], frameAncestors: ["'none'"] } },
    frameguard: { action: 'deny' },
    // The token is in the URL: never hand it to another site.
    referrerPolicy: { policy: 'no-referrer' },
  });
  await app.register(rateLimit, { global: false });
  await app.register(formbody);
  // RFC 8058 lets one-click arrive as multipart/form-data: kept as text, within the same body limit.
  app.addContentTypeParser('multipart/form-data', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  const writes = createSuppressionWriter(options.db, log);

  /** The write's result, or null once a 503 is sent (logged without the address). */
  async function written(reply: FastifyReply, what: string, write: Parameters<SuppressionWriter['write']>[0]): Promise<WriteResult | null> {
    try {
      return await writes.write(write);
    } catch (error) {
      log(`${what} not recorded: ${(error as Error).message}; answered 503`);
      unavailable(reply);
      return null;
    }
  }

  function tokenAddress(url: URL): string | null {
    const token = url.searchParams.get('token');
    if (!token || token.length > MAX_TOKEN_LENGTH || !options.unsubscribeSecret) return null;
    return verifyUnsubscribeToken(token, options.unsubscribeSecret);
  }

  const perIp = (limit: RateLimit) => ({ rateLimit: { max: limit.max, timeWindow: limit.windowMs } });

  app.route({
    method: ['GET', 'POST'],
    url: '/unsubscribe',
    config: perIp(limits.forms),
    handler: async (request, reply) => {
      const url = requestUrl(request);
      const language = pickLanguage(url.searchParams.get('lang'), request.headers['accept-language'], fallbackLanguage);
      if (!options.unsubscribeSecret) return text(reply, 503, 'unsubscribe is not configured (UNSUBSCRIBE_SECRET)\n');
      const address = tokenAddress(url);
      if (request.method === 'GET' || request.method === 'HEAD') {
        if (!address) return page(reply, 400, invalidPage(language));
        return page(reply, 200, confirmPage(language, address, options.listName, url.searchParams.get('token')!));
      }
      if (!address) return page(reply, 400, invalidPage(language));
      const oneClick = isOneClickBody(request.headers['content-type'], request.body);
      if (!oneClick.ok) return page(reply, 400, invalidPage(language));
      const entry = { address, reason: 'unsubscribed', source: oneClick.viaPage ? 'unsubscribe-page' : 'one-click', time: new Date(now()).toISOString() } as const;
      const result = await written(reply, 'unsubscribe', { kind: 'unsubscribe', entry });
      if (!result) return reply;
      const state = result.queued ? 'queued (the record is locked by another process)' : result.outcome.kind === 'unsubscribe' && result.outcome.added ? 'recorded' : 'already on the list';
      log(`unsubscribe ${state} (${oneClick.viaPage ? 'page' : 'one-click'})`);
      return page(reply, 200, donePage(language, address, options.listName));
    },
  });

  // The webhook's signature covers the exact bytes: its own scope reads every body as a Buffer, up to a megabyte.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_WEBHOOK_BYTES }, (_request, body, done) => done(null, body));
    scope.post('/webhooks/resend', { bodyLimit: MAX_WEBHOOK_BYTES, config: perIp(limits.webhooks) }, async (request, reply) => {
      if (!options.webhookSecret) return json(reply, 503, { error: 'webhooks are not configured (RESEND_WEBHOOK_SECRET)' });
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const header = (name: string) => {
        const value = request.headers[name];
        return Array.isArray(value) ? value[0] : value;
      };
      const svixId = header('svix-id');
      const check = verifySvix({ id: svixId, timestamp: header('svix-timestamp'), signature: header('svix-signature') }, body, options.webhookSecret, now());
      if (!check.ok) {
        log(`webhook refused: ${check.reason}`);
        return json(reply, 401, { error: 'invalid signature' });
      }
      const parsed = parseWebhook(body);
      if (parsed.kind === 'invalid') return json(reply, 400, { error: parsed.reason });
      const result = await written(reply, `webhook ${parsed.type}`, { kind: 'webhook', svixId: svixId!, type: parsed.type, planned: parsed.planned, event: parsed.event, time: new Date(now()).toISOString() });
      if (!result) return reply;
      if (result.queued) {
        log(`webhook ${parsed.type}: queued (the record is locked by another process)`);
        return json(reply, 200, { ok: true, queued: true });
      }
      const outcome = result.outcome;
      if (outcome.kind === 'unsubscribe') throw new Error('a webhook write came back as an unsubscribe');
      log(`webhook ${outcome.type}: ${outcome.kind === 'replayed' ? 'replay ignored' : `${outcome.suppressed.length} suppressed`}`);
      return json(reply, 200, outcome.kind === 'replayed' ? { ok: true, replayed: true } : { ok: true, suppressed: outcome.suppressed.length });
    });
  });

  app.get('/healthz', async (_request, reply) => {
    pingRecord(options.db);
    return json(reply, 200, { ok: true, unsubscribe: Boolean(options.unsubscribeSecret), webhooks: Boolean(options.webhookSecret) });
  });

  app.setNotFoundHandler((request, reply) => {
    let pathname: string;
    try {
      pathname = requestUrl(request).pathname;
    } catch {
      return text(reply, 400, 'bad request\n');
    }
    const methods = ROUTE_METHODS.get(pathname);
    if (!methods) return text(reply, 404, 'not found\n');
    return text(reply.header('allow', methods.join(', ')), 405, 'method not allowed\n');
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 413) return text(reply.header('connection', 'close'), 413, 'request body too large\n');
    // The framework's own refusals (a content type no route reads, a malformed body, a rate limit): its status, one plain line.
    if (status >= 400 && status < 500) return text(reply, status, `${status === 429 ? 'too many requests; try again later' : error.message}\n`);
    log(`error on ${request.method} ${requestUrl(request).pathname}: ${error.message}`);
    return text(reply, 500, 'internal error\n');
  });

  return { app, writes };
}

/** How long close() lets requests in flight finish before it drops their connections. */
export const SHUTDOWN_GRACE_MS = 10_000;

export type RunningServe = Readonly<{ url: string; port: number; server: Server; close: (graceMs?: number) => Promise<void> }>;

/** Starts the service; `port` 0 picks a free one. */
export async function startServe(options: ServeOptions & Readonly<{ port?: number; host?: string }>): Promise<RunningServe> {
  let server: Server | undefined;
  const { app, writes } = await createServeApp({
    ...options,
    serverFactory: (handler) =>
      (server = createServer(
        {
          requestTimeout: REQUEST_TIMEOUT_MS,
          headersTimeout: HEADERS_TIMEOUT_MS,
          // Node enforces both timeouts only when it checks its connections, every 30 s by
          // default: a stalled client would hold its socket for up to 30 s, not 10 or 15.
          connectionsCheckingInterval: 1_000,
        },
        handler,
      )),
  });
  try {
    await app.ready();
  } catch (error) {
    await writes.close();
    throw error;
  }
  const http = server!;
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    http.once('error', (error) => void writes.close().finally(() => reject(error)));
    http.listen(options.port ?? 0, host, () => {
      const port = (http.address() as AddressInfo).port;
      resolve({
        url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
        port,
        server: http,
        close: (graceMs = SHUTDOWN_GRACE_MS) =>
          new Promise<void>((done) => {
            // Stop accepting at once (the caller may log that it has), let requests in flight
            // finish (an unsubscribe being recorded must not be cut off), drop keep-alive
            // connections as they fall idle, and after graceMs drop whatever is left.
            const idle = setInterval(() => http.closeIdleConnections(), 100);
            const force = setTimeout(() => http.closeAllConnections(), graceMs);
            http.close(() => {
              clearInterval(idle);
              clearTimeout(force);
              // Requests have finished: the app's own close hooks, then a last try at queued
              // writes (what stays queued waits for the next start).
              void app
                .close()
                .catch(() => {})
                .then(() => writes.close())
                .then(done, done);
            });
            http.closeIdleConnections();
          }),
      });
    });
  });
}
