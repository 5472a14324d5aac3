/**
 * Resend's documented error answers: always JSON `{ statusCode, name, message }`.
 * The spec describes none of them; names and statuses follow Resend's docs.
 */
import type { ErrorObject } from 'ajv';

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly errorName: string,
    message: string,
  ) {
    super(message);
  }

  toJSON(): { statusCode: number; name: string; message: string } {
    return { statusCode: this.statusCode, name: this.errorName, message: this.message };
  }
}

export const missingApiKey = () =>
  new ApiError(401, 'missing_api_key', 'Missing API key in the authorization header. Include the following header in the request: Authorization: Bearer YOUR_API_KEY');
export const invalidApiKey = () => new ApiError(403, 'invalid_api_key', 'API key is invalid');
export const validationError = (message: string) => new ApiError(422, 'validation_error', message);
export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);
export const unknownEndpoint = () => new ApiError(404, 'not_found', 'The requested endpoint does not exist.');
export const methodNotAllowed = () => new ApiError(405, 'method_not_allowed', 'Method is not allowed for the requested path.');
export const rateLimitExceeded = (perSecond: number) =>
  new ApiError(429, 'rate_limit_exceeded', `Too many requests. You can only make ${perSecond} requests per second. See rate limit response headers for more information.`);
export const invalidIdempotencyKey = () => new ApiError(400, 'invalid_idempotency_key', 'The key must be between 1-256 chars.');
export const invalidIdempotentRequest = () =>
  new ApiError(409, 'invalid_idempotent_request', 'Same idempotency key used with a different request payload.');
export const concurrentIdempotentRequests = () =>
  new ApiError(409, 'concurrent_idempotent_requests', 'Same idempotency key used while original request is still in progress.');
export const payloadTooLarge = (limit: number) => new ApiError(413, 'request_too_large', `The request body is larger than ${limit} bytes.`);

/** The error for an injected server failure or a configured permanent error status. */
export function errorForStatus(status: number): ApiError {
  switch (status) {
    case 401:
      return new ApiError(401, 'restricted_api_key', 'This API key is restricted to only send emails.');
    case 403:
      return new ApiError(403, 'invalid_api_key', 'API key is invalid');
    case 422:
      return validationError('The request could not be processed (permanent error set on the stand-in).');
    case 500:
      return new ApiError(500, 'internal_server_error', 'An unexpected error occurred.');
    case 503:
      return new ApiError(503, 'service_unavailable', 'The service is temporarily unavailable. Please try again later.');
    default:
      return new ApiError(status, 'application_error', `The stand-in answered ${status}.`);
  }
}

/** `/0/tags/1/name` → `[0].tags[1].name`, the way Resend names fields in messages. */
export function fieldName(instancePath: string, property?: string): string {
  const parts = instancePath.split('/').slice(1);
  if (property !== undefined) parts.push(property);
  return parts
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part, index) => (/^\d+$/.test(part) ? `[${part}]` : index === 0 ? part : `.${part}`))
    .join('');
}

/**
 * One readable message, naming the field, from ajv's errors. ajv reports every
 * failed branch of a `oneOf`; the branch-level detail (e.g. `maxItems`) says
 * more than "must be string", so combinator and type errors come last.
 */
export function describeSchemaErrors(errors: ErrorObject[] | null | undefined, pathPrefix = ''): string {
  const all = errors ?? [];
  const required = all.find((error) => error.keyword === 'required');
  if (required) {
    return `Missing \`${pathPrefix}${fieldName(required.instancePath, String(required.params.missingProperty))}\` field.`;
  }
  const concrete = all.filter((error) => !['oneOf', 'anyOf', 'allOf', 'if'].includes(error.keyword));
  const specific = concrete.find((error) => error.keyword !== 'type');
  if (specific) return invalidField(pathPrefix, specific.instancePath, detail(specific));
  const typeErrors = concrete.filter((error) => error.keyword === 'type');
  if (typeErrors.length > 0) {
    const types = [...new Set(typeErrors.map((error) => String(error.params.type)))].join(' or ');
    return invalidField(pathPrefix, typeErrors[0]!.instancePath, `must be ${types}`);
  }
  return 'Invalid request body.';
}

function invalidField(pathPrefix: string, instancePath: string, problem: string): string {
  const name = `${pathPrefix}${fieldName(instancePath)}`;
  return name ? `Invalid \`${name}\` field: ${problem}.` : `Invalid request body: ${problem}.`;
}

function detail(error: ErrorObject): string {
  if (error.keyword === 'enum') return `${error.message} (${(error.params.allowedValues as unknown[]).join(', ')})`;
  return error.message ?? error.keyword;
}
