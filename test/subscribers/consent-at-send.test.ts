/**
 * Consent at send time, through the one suppression filter: `send` (and its
 * dry run) drops recipients whose implied consent has expired, with the
 * reason per row; `consent: require` drops those with no record; `warn`
 * keeps and names them.
 */
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sendCampaign, type SendOptions } from '../../src/campaign/send-campaign.ts';
import { openDb } from '../../src/store/db.ts';
import { importConsent } from '../../src/subscribers/consent-record.ts';
import { SAMPLE_ISSUE, tempContent } from '../support/content.ts';

const NO_TOOLS = { DISPATCH_PREFLIGHT_TOOLS: 'none' };
const SECRET = 'consent-send-test-secret-0123456789';

/** A day `months` before today, as YYYY-MM-DD. */
function monthsAgo(months: number): string {
  const date = new Date();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() - months);
  return date.toISOString().slice(0, 10);
}

function workspace(consent?: 'warn' | 'require') {
  const content = tempContent({ 'issue.yaml': readFileSync(SAMPLE_ISSUE) });
  if (consent) appendFileSync(path.join(content.dir, 'brand.yaml'), `\nconsent: ${consent}\n`);
  const dir = mkdtempSync(path.join(tmpdir(), 'dispatch-consent-send-'));
  const audience = path.join(dir, 'audience.csv');
  writeFileSync(audience, ['email,first_name', 'express@example.org,Amina', 'lapsed@example.org,Yusuf', 'donor@example.org,Omar', 'unknown@example.org,Sara'].join('\n'));
  const consentFile = path.join(dir, 'consent.csv');
  writeFileSync(
    consentFile,
    [
      'email,consent,consent_date,consent_source,implied_reason',
      `express@example.org,express,${monthsAgo(30)},web form,`,
      `lapsed@example.org,implied,${monthsAgo(25)},,donation`,
      `donor@example.org,implied,${monthsAgo(3)},,donation`,
    ].join('\n'),
  );
  const db = path.join(dir, 'dispatch.db');
  return { issue: content.issue('issue.yaml'), audience, consentFile, db, outbox: path.join(dir, 'outbox') };
}

async function send(ws: ReturnType<typeof workspace>, options: Partial<SendOptions> = {}) {
  const lines: string[] = [];
  const output = { info: (l: string) => lines.push(l), warn: (l: string) => lines.push(l), isTTY: false };
  const result = await sendCampaign({ issueFile: ws.issue, audienceFile: ws.audience, dbPath: ws.db, outboxDir: ws.outbox, output, env: { ...NO_TOOLS, UNSUBSCRIBE_SECRET: SECRET }, ...options });
  return { result, text: lines.join('\n') };
}

async function importInto(ws: ReturnType<typeof workspace>) {
  const db = openDb(ws.db);
  await importConsent(db, ws.consentFile);
  db.close();
}

const delivered = (ws: ReturnType<typeof workspace>) =>
  readdirSync(path.join(ws.outbox, readdirSync(ws.outbox)[0]!))
    .map((name) => readFileSync(path.join(ws.outbox, readdirSync(ws.outbox)[0]!, name), 'utf8'))
    .map((eml) => /^To: (.+)$/m.exec(eml)![1]!.trim())
    .sort();

describe('consent at send time', () => {
  it('consent: warn (the default) drops expired implied consent with its reason, and keeps and names who has no record', async () => {
    const ws = workspace();
    await importInto(ws);
    const { result, text } = await send(ws);
    expect(result.exitCode, text).toBe(0);
    expect(delivered(ws)).toEqual(['donor@example.org', 'express@example.org', 'unknown@example.org']);
    expect(text).toMatch(new RegExp(`audience\\.csv:3  lapsed@example\\.org  consent: implied consent expired on \\d{4}-\\d{2}-\\d{2} \\(donation on ${monthsAgo(25)}\\)`));
    expect(text).toMatch(/1 skipped \(1 consent\)/);
    expect(text).toMatch(/note: 1 recipient with no consent record/);
    expect(text).toMatch(/audience\.csv:5  unknown@example\.org  no consent record/);
  });

  it('consent: require also drops who has no record; --dry-run shows the same counts from the real record and sends nothing', async () => {
    const ws = workspace('require');
    await importInto(ws);
    const plan = await send(ws, { dryRun: true });
    expect(plan.result.exitCode, plan.text).toBe(0);
    expect(plan.result.plan).toMatchObject({ recipients: 2, skipped: { consent: 2 } });
    expect(plan.text).toMatch(/2 skipped \(2 consent\)/);
    expect(plan.text).toMatch(/unknown@example\.org  consent: no consent record \(brand\.yaml has consent: require\)/);

    const { result, text } = await send(ws);
    expect(result.exitCode, text).toBe(0);
    expect(delivered(ws)).toEqual(['donor@example.org', 'express@example.org']);
  });
});
