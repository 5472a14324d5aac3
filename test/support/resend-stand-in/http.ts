/** Small helpers around node:http requests and answers. */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

export class BodyTooLargeError extends Error {}

/** Reads the whole body, refusing more than `limit` bytes. */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLargeError());
        request.pause();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/**
 * Parses a multipart/form-data body with the platform's own parser (the
 * fetch `Response.formData()`), turning file parts into their text.
 */
export async function parseMultipart(body: Buffer, contentType: string): Promise<Record<string, string>> {
  // A copy, as a plain ArrayBuffer-backed view, is what the fetch types accept.
  const form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
  const fields: Record<string, string> = {};
  for (const [name, value] of form.entries()) {
    fields[name] = typeof value === 'string' ? value : await value.text();
  }
  return fields;
}

/** A copy of the request headers that never holds the API key. */
export function headersForLog(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const copy = { ...headers };
  if (copy.authorization !== undefined) copy.authorization = '[redacted]';
  return copy;
}

export function singleHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
