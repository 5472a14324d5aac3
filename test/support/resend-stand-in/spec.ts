/**
 * Loads Resend's OpenAPI 3.1 description and turns its schemas into compiled
 * ajv validators. Everything here is computed once per spec file and shared by
 * every stand-in in the process, so starting a stand-in is cheap and the hot
 * path only calls already-compiled functions.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** The copy of resend.yaml kept beside this file (see openapi/VERSION). */
export const DEFAULT_SPEC_PATH = fileURLToPath(new URL('./openapi/resend.yaml', import.meta.url));

/** `$id` under which the spec's component schemas are registered with ajv. */
const COMPONENTS_ID = 'resend-openapi-components';
const COMPONENT_REF_PREFIX = '#/components/schemas/';

type JsonObject = Record<string, unknown>;
type HttpMethod = 'get' | 'post' | 'patch' | 'delete' | 'put';

export interface SpecOperation {
  method: HttpMethod;
  path: string;
  /** The first 2xx status the spec lists for this operation (200 or 201). */
  successStatus: number;
  /** Validates the request body, when the operation declares one. */
  validateBody?: ValidateFunction;
  /** The media type of the request body (`application/json` or `multipart/form-data`). */
  bodyMediaType?: string;
}

export interface ResendSpec {
  version: string;
  operation(method: string, path: string): SpecOperation | undefined;
  /** A validator for `#/components/schemas/NAME`, compiled on first use. */
  schema(name: string): ValidateFunction;
  /** A validator for the success response of an operation, compiled on first use (for tests). */
  responseValidator(method: string, path: string): ValidateFunction | undefined;
}

const loaded = new Map<string, ResendSpec>();

export function loadResendSpec(specPath: string = process.env.RESEND_OPENAPI_SPEC ?? DEFAULT_SPEC_PATH): ResendSpec {
  let spec = loaded.get(specPath);
  if (!spec) {
    spec = buildSpec(parseYaml(readFileSync(specPath, 'utf8')) as JsonObject);
    loaded.set(specPath, spec);
  }
  return spec;
}

function buildSpec(document: JsonObject): ResendSpec {
  const components = (document.components as JsonObject).schemas as JsonObject;
  const ajv = createAjv();
  ajv.addSchema({ $id: COMPONENTS_ID, $defs: patchComponents(toJsonSchema(components) as JsonObject) });

  const paths = document.paths as Record<string, Record<string, JsonObject>>;
  const operations = new Map<string, SpecOperation>();
  const schemas = new Map<string, ValidateFunction>();
  const responses = new Map<string, ValidateFunction | undefined>();

  function operation(method: string, path: string): SpecOperation | undefined {
    const key = `${method.toLowerCase()} ${path}`;
    if (!operations.has(key)) {
      const raw = paths[path]?.[method.toLowerCase()];
      if (!raw) return undefined;
      operations.set(key, describeOperation(ajv, method.toLowerCase() as HttpMethod, path, raw));
    }
    return operations.get(key);
  }

  function schema(name: string): ValidateFunction {
    let validate = schemas.get(name);
    if (!validate) {
      if (!(name in components)) throw new Error(`The spec has no schema named ${name}`);
      validate = ajv.compile({ $ref: `${COMPONENTS_ID}#/$defs/${name}` });
      schemas.set(name, validate);
    }
    return validate;
  }

  function responseValidator(method: string, path: string): ValidateFunction | undefined {
    const key = `${method.toLowerCase()} ${path}`;
    if (!responses.has(key)) {
      const raw = paths[path]?.[method.toLowerCase()];
      const success = raw && firstSuccess(raw);
      const body = success && mediaSchema(success.response, 'application/json');
      responses.set(key, body ? ajv.compile(toJsonSchema(body) as JsonObject) : undefined);
    }
    return responses.get(key);
  }

  const info = document.info as JsonObject;
  return { version: String(info.version), operation, schema, responseValidator };
}

function createAjv(): Ajv2020 {
  // strictRequired is off so a patch may say `anyOf: [{ required: [...] }]`
  // about properties declared beside the anyOf rather than inside it.
  const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: false });
  addFormats(ajv);
  // OpenAPI's `format: binary` means raw bytes: base64 text inside JSON
  // (attachments) or a file part in multipart bodies, so any string is fine.
  ajv.addFormat('binary', true);
  // `example` is an OpenAPI annotation, not JSON Schema vocabulary; strict
  // mode would otherwise refuse it. (`nullable` is rewritten in toJsonSchema.)
  ajv.addVocabulary(['example']);
  return ajv;
}

function describeOperation(ajv: Ajv2020, method: HttpMethod, path: string, raw: JsonObject): SpecOperation {
  const success = firstSuccess(raw);
  const described: SpecOperation = { method, path, successStatus: success?.status ?? 200 };
  const content = (raw.requestBody as JsonObject | undefined)?.content as JsonObject | undefined;
  const mediaType = content && Object.keys(content)[0];
  if (content && mediaType) {
    const body = mediaSchema(raw.requestBody as JsonObject, mediaType);
    if (body) {
      described.validateBody = ajv.compile(toJsonSchema(body) as JsonObject);
      described.bodyMediaType = mediaType;
    }
  }
  return described;
}

function firstSuccess(raw: JsonObject): { status: number; response: JsonObject } | undefined {
  const responses = (raw.responses ?? {}) as Record<string, JsonObject>;
  const code = Object.keys(responses).find((status) => /^2\d\d$/.test(status));
  return code ? { status: Number(code), response: responses[code] as JsonObject } : undefined;
}

function mediaSchema(holder: JsonObject, mediaType: string): JsonObject | undefined {
  const content = holder.content as Record<string, JsonObject> | undefined;
  return content?.[mediaType]?.schema as JsonObject | undefined;
}

/**
 * Rewrites an OpenAPI 3.1 schema into plain JSON Schema 2020-12:
 * `#/components/schemas/X` refs point into the registered components schema,
 * and OpenAPI 3.0's `nullable: true` (which a few response schemas still use)
 * becomes a `null` member of `type`.
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith(COMPONENT_REF_PREFIX)) {
      out.$ref = `${COMPONENTS_ID}#/$defs/${value.slice(COMPONENT_REF_PREFIX.length)}`;
    } else if (key === 'example' || key === 'examples') {
      out[key] = value; // example values are data, not schemas: keep them untouched
    } else {
      out[key] = toJsonSchema(value);
    }
  }
  if (out.nullable === true && typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    delete out.nullable;
  }
  return out;
}

/**
 * Where the spec disagrees with Resend's documented behaviour, or states a
 * rule only in prose, the schema is adjusted here, each with the reason.
 */
function patchComponents(schemas: JsonObject): JsonObject {
  const broadcast = schemas.CreateBroadcastOptions as JsonObject | undefined;
  if (broadcast) {
    // Lenient: the spec requires `segment_id`, but the deprecated
    // `audience_id` is still documented (and sent by the SDK when callers pass
    // `audienceId`) as the way to name the recipients. Accept either.
    broadcast.required = (broadcast.required as string[]).filter((field) => field !== 'segment_id');
    broadcast.anyOf = [{ required: ['segment_id'] }, { required: ['audience_id'] }];
  }
  const contact = schemas.CreateContactOptions as JsonObject | undefined;
  const contactSegments = (contact?.properties as Record<string, JsonObject> | undefined)?.segments;
  if (contactSegments) {
    // Lenient: the spec lists segment ids as strings, but the official SDK
    // (6.38, typed `segments?: { id: string }[]`) sends `[{ "id": ... }]`, the
    // same shape the spec itself uses for contact imports. Accept both.
    contactSegments.items = {
      oneOf: [{ type: 'string' }, { type: 'object', required: ['id'], properties: { id: { type: 'string' } } }],
    };
  }
  const tag = schemas.Tag as JsonObject | undefined;
  if (tag) {
    // The spec's own descriptions say a tag name and value may only contain
    // ASCII letters, digits, `_` and `-`, at most 256 characters; Resend
    // rejects other tags, so a client that sends them must fail here too.
    const allowed = { type: 'string', pattern: '^[A-Za-z0-9_-]+$', maxLength: 256 };
    const properties = tag.properties as Record<string, JsonObject>;
    properties.name = { ...properties.name, ...allowed };
    properties.value = { ...properties.value, ...allowed };
    tag.required = ['name'];
  }
  return schemas;
}
