/**
 * A pass-through in front of the Resend stand-in that can swallow answers:
 * the request reaches the stand-in, which processes it and stores its answer
 * under the Idempotency-Key, but the client never hears back; the connection
 * stays open and silent until the client gives up (a proxy or network that
 * lost the answer without closing anything). Only the client's own time limit
 * ends such a request, which is what the faults suite measures at default
 * settings. Everything else is passed on as it comes, faults included.
 */
import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Stalled = Readonly<{ index: number; idempotencyKey: string | undefined; time: number }>;

export type StallProxy = Readonly<{
  url: string;
  /** Batch requests (POST /emails/batch) seen since the last reset, retries included. */
  readonly batchRequests: number;
  /** The batch requests whose answer was swallowed. */
  readonly stalled: readonly Stalled[];
  /** Starts counting again; the batch requests numbered in `stallAt` (from 1) get no answer. */
  reset(stallAt?: readonly number[]): void;
  close(): Promise<void>;
}>;

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

export async function startStallProxy(target: string): Promise<StallProxy> {
  const upstreamUrl = new URL(target);
  const agent = new Agent({ keepAlive: true });
  let count = 0;
  let stallAt = new Set<number>();
  let stalled: Stalled[] = [];

  const server = createServer((request, response) => {
    const isBatch = request.method === 'POST' && (request.url ?? '').split('?')[0] === '/emails/batch';
    const index = isBatch ? ++count : 0;
    let answered = false;
    const upstream = httpRequest(
      { host: upstreamUrl.hostname, port: upstreamUrl.port, method: request.method, path: request.url, headers: endToEnd(request.headers), agent },
      (answer) => {
        answer.on('end', () => (answered = true));
        if (isBatch && stallAt.has(index)) {
          // Processed and answered upstream; the client hears nothing.
          answer.resume();
          const key = request.headers['idempotency-key'];
          stalled.push({ index, idempotencyKey: Array.isArray(key) ? key[0] : key, time: Date.now() });
          return;
        }
        response.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    // A client that gives up (or a fault upstream that hung up) ends both sides.
    response.on('close', () => {
      if (!response.writableFinished && !answered) upstream.destroy();
    });
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    get batchRequests() {
      return count;
    },
    get stalled() {
      return stalled;
    },
    reset(at = []) {
      count = 0;
      stallAt = new Set(at);
      stalled = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}
