import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { clearOutbox, createOutboxTransport, emlFileName } from '../../src/deliver/outbox.ts';
import { DispatchError } from '../../src/errors/errors.ts';
import { createMessageEncoder } from '../../src/personalise/message-encoder.ts';
import type { MessagePlan } from '../../src/personalise/personalise.ts';
import { compiledTestMessage } from '../support/messages.ts';

const message = compiledTestMessage({
  from: 'CMPAC Newsletter <newsletter@example.org>',
  replyTo: 'info@example.org',
  subject: 'Salaam — news',
  html: '<p>Salaam {{first_name}}, here is the news.</p>',
  text: 'Salaam {{first_name}}, here is the news.',
  campaignId: 'c',
});
const encoder = createMessageEncoder(message);
const plan = (to: string): MessagePlan => ({
  ...message.plan({ email: to, fields: { first_name: 'Amina' } }),
  headers: {
    'List-Unsubscribe': '<https://example.org/unsubscribe?token=abc.def>, <mailto:unsubscribe@example.org?subject=unsubscribe>',
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  },
});

describe('outbox transport', () => {
  it('writes one owner-only .eml per recipient that parses into text and html with the expected headers', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'dispatch-outbox-')), 'camp');
    const transport = createOutboxTransport({ dir, campaignId: 'camp', date: () => new Date('2024-09-23T12:00:00Z') });
    const attempts: number[] = [];
    const result = await transport.deliver({ idempotencyKey: 'k', messages: [plan('amina@example.org'), plan('yusuf@example.org')], ids: [7, 8], encoder }, { beforeAttempt: ({ attempt }) => attempts.push(attempt) });
    expect(result.ok).toBe(true);
    expect(attempts).toEqual([1]);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['000007-amina@example.org.eml', '000008-yusuf@example.org.eml']);
    expect(statSync(path.join(dir, files[0]!)).mode & 0o777).toBe(0o600);
    const parsed = await simpleParser(readFileSync(path.join(dir, files[0]!)));
    expect(parsed.text?.trim()).toBe('Salaam Amina, here is the news.');
    expect(parsed.html).toContain('<p>Salaam Amina');
    expect(parsed.subject).toBe('Salaam — news');
    expect(parsed.messageId).toBe('<7.camp@example.org>');
    expect(parsed.date?.toISOString()).toBe('2024-09-23T12:00:00.000Z');
    // mailparser folds List-* headers into one `list` entry; the raw lines are what clients read.
    expect(parsed.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const listUnsubscribe = parsed.headerLines.find((h) => h.key === 'list-unsubscribe')!.line;
    expect(listUnsubscribe).toContain('<https://example.org/unsubscribe?token=abc.def>');
    expect(listUnsubscribe).toContain('<mailto:unsubscribe@example.org?subject=unsubscribe>');
    expect(readFileSync(path.join(dir, files[0]!), 'utf8')).toMatch(/Content-Type: multipart\/alternative/);
  });

  it('cleans up half-written files of a killed run and can clear a rehearsal', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dispatch-outbox-'));
    writeFileSync(path.join(dir, '000001-a@example.org.eml.tmp-123'), 'partial');
    writeFileSync(path.join(dir, '000002-b@example.org.eml'), 'old');
    writeFileSync(path.join(dir, 'notes.txt'), 'keep');
    createOutboxTransport({ dir, campaignId: 'c' });
    expect(readdirSync(dir).sort()).toEqual(['000002-b@example.org.eml', 'notes.txt']);
    clearOutbox(dir);
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  it('refuses a folder it cannot create', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dispatch-outbox-'));
    writeFileSync(path.join(dir, 'file'), '');
    expect(() => createOutboxTransport({ dir: path.join(dir, 'file', 'camp'), campaignId: 'c' })).toThrow(DispatchError);
    mkdirSync(path.join(dir, 'ok'));
  });

  it('names files safely whatever the address', () => {
    expect(emlFileName(12, 'a/b+c@example.org')).toBe('000012-a_b+c@example.org.eml');
  });
});
