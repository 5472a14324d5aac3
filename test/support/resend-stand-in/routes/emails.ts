/** `POST /emails`, `POST /emails/batch`, `GET /emails/{email_id}`. */
import { randomUUID } from 'node:crypto';
import type { ValidateFunction } from 'ajv';
import { describeSchemaErrors, notFound, validationError } from '../errors.ts';
import { asList, isValidAddress, timestamp, type SendEmailBody, type StoredEmail } from '../state.ts';
import type { Route, RouteAnswer, RouteContext } from './types.ts';

/** Resend documents at most 100 emails per batch request; the spec says it only in a summary. */
export const MAX_BATCH_EMAILS = 100;

export const emailRoutes: Route[] = [
  { method: 'POST', path: '/emails', idempotent: true, handle: sendEmail },
  { method: 'POST', path: '/emails/batch', idempotent: true, validation: 'handler', handle: sendBatch },
  { method: 'GET', path: '/emails/{email_id}', handle: getEmail },
];

function sendEmail(context: RouteContext): RouteAnswer {
  const email = context.body as SendEmailBody;
  const problem = documentedRuleBroken(email, false);
  if (problem) throw validationError(problem);
  return { body: { id: recordEmail(context, email, 'emails').id } };
}

/**
 * `x-batch-validation: strict` (the default) refuses the whole batch when any
 * email is invalid; `permissive` sends the valid ones and lists the others in
 * `errors` as `{ index, message }`, as Resend documents.
 */
function sendBatch(context: RouteContext): RouteAnswer {
  const mode = batchValidationMode(context.headers['x-batch-validation']);
  const emails = context.body;
  const validateBatch = context.spec.operation('post', '/emails/batch')!.validateBody!;
  if (!Array.isArray(emails)) {
    validateBatch(emails);
    throw validationError(describeSchemaErrors(validateBatch.errors));
  }
  if (emails.length > MAX_BATCH_EMAILS) {
    throw validationError(`Too many emails in the batch: ${emails.length}. A batch can hold at most ${MAX_BATCH_EMAILS} emails.`);
  }
  return mode === 'strict' ? sendStrictBatch(context, emails, validateBatch) : sendPermissiveBatch(context, emails);
}

function sendStrictBatch(context: RouteContext, emails: unknown[], validateBatch: ValidateFunction): RouteAnswer {
  if (!validateBatch(emails)) throw validationError(describeSchemaErrors(validateBatch.errors));
  emails.forEach((email, index) => {
    const problem = documentedRuleBroken(email as SendEmailBody, true, `[${index}].`);
    if (problem) throw validationError(problem);
  });
  const data = emails.map((email) => ({ id: recordEmail(context, email as SendEmailBody, 'batch').id }));
  return { body: { data } };
}

function sendPermissiveBatch(context: RouteContext, emails: unknown[]): RouteAnswer {
  const validateEmail = context.spec.schema('SendEmailRequest');
  const data: Array<{ id: string }> = [];
  const errors: Array<{ index: number; message: string }> = [];
  emails.forEach((email, index) => {
    const problem = validateEmail(email)
      ? documentedRuleBroken(email as SendEmailBody, true)
      : describeSchemaErrors(validateEmail.errors);
    if (problem) errors.push({ index, message: problem });
    else data.push({ id: recordEmail(context, email as SendEmailBody, 'batch').id });
  });
  return { body: { data, errors } };
}

function batchValidationMode(header: string | string[] | undefined): 'strict' | 'permissive' {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value === 'strict') return 'strict';
  if (value === 'permissive') return 'permissive';
  throw validationError('Invalid `x-batch-validation` header: must be `strict` or `permissive`.');
}

const ADDRESS_FIELDS = ['from', 'to', 'cc', 'bcc', 'reply_to'] as const;

/**
 * Rules Resend documents that the schema cannot express: addresses must read
 * `email@example.com` or `Name <email@example.com>`, and batch emails cannot
 * carry attachments.
 */
function documentedRuleBroken(email: SendEmailBody, inBatch: boolean, fieldPrefix = ''): string | null {
  if (inBatch && email.attachments !== undefined) {
    return `Invalid \`${fieldPrefix}attachments\` field: attachments are not supported in batch emails.`;
  }
  for (const field of ADDRESS_FIELDS) {
    const addresses = asList(email[field]);
    if (addresses && !addresses.every((address) => isValidAddress(address))) {
      return `Invalid \`${fieldPrefix}${field}\` field. The email address needs to follow the \`email@example.com\` or \`Name <email@example.com>\` format.`;
    }
  }
  return null;
}

export function recordEmail(
  context: RouteContext,
  email: SendEmailBody,
  via: StoredEmail['via'],
  broadcastId?: string,
): StoredEmail {
  const stored: StoredEmail = {
    id: randomUUID(),
    from: email.from,
    to: asList(email.to)!,
    subject: email.subject,
    idempotencyKey: context.idempotencyKey,
    receivedAt: context.now,
    via,
  };
  copyOptionalFields(stored, email, context.recordBodies);
  if (broadcastId) stored.broadcastId = broadcastId;
  context.state.emails.push(stored);
  return stored;
}

function copyOptionalFields(stored: StoredEmail, email: SendEmailBody, recordBodies: boolean): void {
  if (email.cc !== undefined) stored.cc = asList(email.cc);
  if (email.bcc !== undefined) stored.bcc = asList(email.bcc);
  if (email.reply_to !== undefined) stored.reply_to = asList(email.reply_to);
  if (email.headers !== undefined) stored.headers = email.headers;
  if (email.tags !== undefined) stored.tags = email.tags;
  if (email.scheduled_at !== undefined) stored.scheduled_at = email.scheduled_at;
  if (email.template !== undefined) stored.template = email.template;
  if (email.topic_id !== undefined) stored.topic_id = email.topic_id;
  if (!recordBodies) return;
  if (email.html !== undefined) stored.html = email.html;
  if (email.text !== undefined) stored.text = email.text;
  if (email.attachments !== undefined) stored.attachments = email.attachments;
}

function getEmail(context: RouteContext): RouteAnswer {
  const email = context.state.findEmail(context.params.email_id!);
  if (!email) throw notFound('Email');
  return { body: describeEmail(email) };
}

/** The spec's `Email` schema. Absent optional fields are left out rather than sent as null. */
function describeEmail(email: StoredEmail): Record<string, unknown> {
  const described: Record<string, unknown> = {
    object: 'email',
    id: email.id,
    message_id: `<${email.id}@resend-stand-in.local>`,
    to: email.to,
    from: email.from,
    created_at: timestamp(email.receivedAt),
    subject: email.subject,
    last_event: email.scheduled_at ? 'scheduled' : 'sent',
  };
  for (const field of ['html', 'text', 'cc', 'bcc', 'reply_to', 'scheduled_at', 'tags'] as const) {
    if (email[field] !== undefined) described[field] = email[field];
  }
  return described;
}
