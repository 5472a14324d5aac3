/**
 * `npm run serve`: the unsubscribe and bounce loop, as a small plain node:http
 * service the organisation deploys behind its site.
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
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
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
}>;

/** Form posts and one-click bodies are a few dozen bytes. */
export const MAX_FORM_BYTES = 16 * 1024;
/** Resend events are small JSON documents; a megabyte is generous. */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;
const MAX_TOKEN_LENGTH = 1024;
/** Slow-loris protection: the headers within 10 s, the whole request within 15 s. */
export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 15_000;

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  // The token is in the URL: never hand it to another site.
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
};

class TooLarge extends Error {}

function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > limit) return reject(new TooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners('data');
        reject(new TooLarge());
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-length': String(Buffer.byteLength(body)), ...headers });
  response.end(body);
}

const json = (response: ServerResponse, status: number, body: unknown) => send(response, status, JSON.stringify(body), { 'content-type': 'application/json', 'cache-control': 'no-store' });

/**
 * RFC 8058 §3.2: the POST body is `List-Unsubscribe=One-Click`, sent as
 * application/x-www-form-urlencoded or multipart/form-data.
 */
export function isOneClickBody(contentType: string | undefined, body: Buffer): { ok: boolean; viaPage: boolean } {
  const text = body.toString('utf8');
  if ((contentType ?? '').toLowerCase().startsWith('multipart/form-data')) {
    const field = (name: string) => new RegExp(`name="${name}"\\r?\\n(?:[^\\r\\n]+\\r?\\n)*\\r?\\n([^\\r\\n]*)`).exec(text)?.[1];
    return { ok: field('List-Unsubscribe') === 'One-Click', viaPage: false };
  }
  const form = new URLSearchParams(text);
  return { ok: form.get('List-Unsubscribe') === 'One-Click', viaPage: form.get('via') === 'page' };
}

/** A write that is neither in the record nor queued: ask the sender to come back (RFC 8058 senders retry, so does Svix). */
function unavailable(response: ServerResponse): void {
  send(response, 503, 'the suppression list cannot be written right now; try again in a minute\n', { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '60' });
}

/** The request handler, and the writer whose queue close() must flush. */
export function createServeHandler(options: ServeOptions): { handle: (request: IncomingMessage, response: ServerResponse) => void; writes: SuppressionWriter } {
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => {});
  const fallbackLanguage = options.language ?? 'en';
  if (options.webhookSecret) checkWebhookSecret(options.webhookSecret, 'webhookSecret');
  const writes = createSuppressionWriter(options.db, log);

  /** The write's result, or null once a 503 is sent (logged without the address). */
  async function written(response: ServerResponse, what: string, write: Parameters<SuppressionWriter['write']>[0]): Promise<WriteResult | null> {
    try {
      return await writes.write(write);
    } catch (error) {
      log(`${what} not recorded: ${(error as Error).message}; answered 503`);
      unavailable(response);
      return null;
    }
  }

  function tokenAddress(url: URL): string | null {
    const token = url.searchParams.get('token');
    if (!token || token.length > MAX_TOKEN_LENGTH || !options.unsubscribeSecret) return null;
    return verifyUnsubscribeToken(token, options.unsubscribeSecret);
  }

  async function unsubscribe(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const language = pickLanguage(url.searchParams.get('lang'), request.headers['accept-language'], fallbackLanguage);
    if (!options.unsubscribeSecret) return send(response, 503, 'unsubscribe is not configured (UNSUBSCRIBE_SECRET)\n', { 'content-type': 'text/plain; charset=utf-8' });
    const address = tokenAddress(url);
    if (request.method === 'GET' || request.method === 'HEAD') {
      if (!address) return send(response, 400, invalidPage(language), PAGE_HEADERS);
      return send(response, 200, confirmPage(language, address, options.listName, url.searchParams.get('token')!), PAGE_HEADERS);
    }
    const body = await readBody(request, MAX_FORM_BYTES);
    if (!address) return send(response, 400, invalidPage(language), PAGE_HEADERS);
    const oneClick = isOneClickBody(request.headers['content-type'], body);
    if (!oneClick.ok) return send(response, 400, invalidPage(language), PAGE_HEADERS);
    const entry = { address, reason: 'unsubscribed', source: oneClick.viaPage ? 'unsubscribe-page' : 'one-click', time: new Date(now()).toISOString() } as const;
    const result = await written(response, 'unsubscribe', { kind: 'unsubscribe', entry });
    if (!result) return;
    const state = result.queued ? 'queued (the record is locked by another process)' : result.outcome.kind === 'unsubscribe' && result.outcome.added ? 'recorded' : 'already on the list';
    log(`unsubscribe ${state} (${oneClick.viaPage ? 'page' : 'one-click'})`);
    return send(response, 200, donePage(language, address, options.listName), PAGE_HEADERS);
  }

  async function webhook(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!options.webhookSecret) return json(response, 503, { error: 'webhooks are not configured (RESEND_WEBHOOK_SECRET)' });
    const body = await readBody(request, MAX_WEBHOOK_BYTES);
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const svixId = header('svix-id');
    const check = verifySvix({ id: svixId, timestamp: header('svix-timestamp'), signature: header('svix-signature') }, body, options.webhookSecret, now());
    if (!check.ok) {
      log(`webhook refused: ${check.reason}`);
      return json(response, 401, { error: 'invalid signature' });
    }
    const parsed = parseWebhook(body);
    if (parsed.kind === 'invalid') return json(response, 400, { error: parsed.reason });
    const result = await written(response, `webhook ${parsed.type}`, { kind: 'webhook', svixId: svixId!, type: parsed.type, planned: parsed.planned, event: parsed.event, time: new Date(now()).toISOString() });
    if (!result) return;
    if (result.queued) {
      log(`webhook ${parsed.type}: queued (the record is locked by another process)`);
      return json(response, 200, { ok: true, queued: true });
    }
    const outcome = result.outcome;
    if (outcome.kind === 'unsubscribe') throw new Error('a webhook write came back as an unsubscribe');
    log(`webhook ${outcome.type}: ${outcome.kind === 'replayed' ? 'replay ignored' : `${outcome.suppressed.length} suppressed`}`);
    return json(response, 200, outcome.kind === 'replayed' ? { ok: true, replayed: true } : { ok: true, suppressed: outcome.suppressed.length });
  }

  function healthz(response: ServerResponse): void {
    pingRecord(options.db);
    json(response, 200, { ok: true, unsubscribe: Boolean(options.unsubscribeSecret), webhooks: Boolean(options.webhookSecret) });
  }

  const ROUTES: Record<string, { methods: string[]; handle: (request: IncomingMessage, response: ServerResponse, url: URL) => Promise<void> | void }> = {
    '/unsubscribe': { methods: ['GET', 'HEAD', 'POST'], handle: unsubscribe },
    '/webhooks/resend': { methods: ['POST'], handle: (request, response) => webhook(request, response) },
    '/healthz': { methods: ['GET', 'HEAD'], handle: (_request, response) => healthz(response) },
  };

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    let url: URL;
    try {
      url = new URL(request.url ?? '/', 'http://serve.invalid');
    } catch {
      return send(response, 400, 'bad request\n');
    }
    const route = Object.hasOwn(ROUTES, url.pathname) ? ROUTES[url.pathname] : undefined;
    if (!route) return send(response, 404, 'not found\n', { 'content-type': 'text/plain; charset=utf-8' });
    if (!route.methods.includes(request.method ?? '')) return send(response, 405, 'method not allowed\n', { allow: route.methods.join(', '), 'content-type': 'text/plain; charset=utf-8' });
    Promise.resolve(route.handle(request, response, url)).catch((error: unknown) => {
      if (error instanceof TooLarge) {
        response.setHeader('connection', 'close');
        return send(response, 413, 'request body too large\n', { 'content-type': 'text/plain; charset=utf-8' });
      }
      log(`error on ${request.method} ${url.pathname}: ${(error as Error).message}`);
      if (!response.headersSent) send(response, 500, 'internal error\n', { 'content-type': 'text/plain; charset=utf-8' });
      else response.destroy();
    });
  };
  return { handle, writes };
}

/** How long close() lets requests in flight finish before it drops their connections. */
export const SHUTDOWN_GRACE_MS = 10_000;

export type RunningServe = Readonly<{ url: string; port: number; server: Server; close: (graceMs?: number) => Promise<void> }>;

/** Starts the service; `port` 0 picks a free one. */
export async function startServe(options: ServeOptions & Readonly<{ port?: number; host?: string }>): Promise<RunningServe> {
  const { handle, writes } = createServeHandler(options);
  const server = createServer(
    {
      requestTimeout: REQUEST_TIMEOUT_MS,
      headersTimeout: HEADERS_TIMEOUT_MS,
      // Node enforces both timeouts only when it checks its connections, every 30 s by
      // default: a stalled client would hold its socket for up to 30 s, not 10 or 15.
      connectionsCheckingInterval: 1_000,
    },
    handle,
  );
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    server.once('error', (error) => void writes.close().finally(() => reject(error)));
    server.listen(options.port ?? 0, host, () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
        port,
        server,
        close: (graceMs = SHUTDOWN_GRACE_MS) =>
          new Promise<void>((done) => {
            // Stop accepting, let requests in flight finish (an unsubscribe being recorded must
            // not be cut off), drop keep-alive connections as they fall idle, and after graceMs
            // drop whatever is left.
            const idle = setInterval(() => server.closeIdleConnections(), 100);
            const force = setTimeout(() => server.closeAllConnections(), graceMs);
            server.close(() => {
              clearInterval(idle);
              clearTimeout(force);
              // Requests have finished; a last try at queued writes (what stays queued waits for the next start).
              void writes.close().then(done, done);
            });
            server.closeIdleConnections();
          }),
      });
    });
  });
}
