/**
 * Slow-loris protection: a client that stalls is disconnected at the stated
 * timeout (headers within HEADERS_TIMEOUT_MS, the whole request within
 * REQUEST_TIMEOUT_MS), not at Node's 30 s connection check.
 */
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from '../../src/serve/server.ts';
import { useTestServe } from '../support/serve.ts';

const suite = useTestServe();

/** Opens a connection, writes `text`, then stalls; resolves with the milliseconds until the server closes it, and what it answered. */
function stall(text: string): Promise<{ ms: number; answer: string }> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(suite.serve.port, '127.0.0.1');
    let answer = '';
    let started = 0;
    socket.on('connect', () => {
      started = performance.now();
      socket.write(text);
    });
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve({ ms: performance.now() - started, answer }));
  });
}

describe('slow clients', () => {
  it('a partial header is cut off at the headers timeout, a stalled body at the request timeout, well before 30 s', async () => {
    const [headers, body] = await Promise.all([
      stall('GET /healthz HTTP/1.1\r\nHost: serve.test\r\nX-Slow: '),
      stall('POST /unsubscribe?token=x HTTP/1.1\r\nHost: serve.test\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nList-Unsub'),
    ]);
    // The check runs every second: each closes within a second and a half of its deadline.
    expect(headers.ms).toBeLessThan(HEADERS_TIMEOUT_MS + 1_500);
    expect(body.ms).toBeGreaterThan(HEADERS_TIMEOUT_MS);
    expect(body.ms).toBeLessThan(REQUEST_TIMEOUT_MS + 1_500);
    expect(headers.answer).toMatch(/^HTTP\/1\.1 408/);
    expect(body.answer).toMatch(/^HTTP\/1\.1 408/);
  }, 25_000);
});
