/**
 * The expensive checks (axe-core in Chromium, the Nu HTML Checker, SpamAssassin)
 * run ONCE over every content file and every broken message here: one browser,
 * one JVM, one spamassassin process. Each content file must pass clean; each
 * broken message must fail with the finding its defect produces.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateAll, type PreflightReport } from '../../src/preflight/preflight.ts';
import type { PreflightContext } from '../../src/preflight/types.ts';
import { CONTENT_FILES, contextOf, errorsOf, ids, injectIntoBody, load, sampleContext, variant } from '../support/preflight.ts';

/** One defect each, in the sample; the finding ids each must produce. */
const BROKEN: Record<string, { make: (ctx: PreflightContext) => Promise<PreflightContext>; expected: string[] }> = {
  'an image without alt text': {
    make: (ctx) => variant(ctx, { html: injectIntoBody(ctx.email.html, '<img src="https://www.canadianmuslimpac.ca/images/rally.jpg" width="600" height="300">') }),
    expected: ['accessibility.axe.image-alt', 'accessibility.img-alt'],
  },
  'text without a dark-mode colour': {
    // Inline light colour and no dark rule for a div: in dark mode the column turns dark and this text stays dark grey.
    make: (ctx) => variant(ctx, { html: injectIntoBody(ctx.email.html, '<div style="color:#1F2933;font-size:16px">This text forgot its dark-mode colour.</div>') }),
    expected: ['accessibility.axe-dark.color-contrast', 'accessibility.contrast-dark'],
  },
  'invalid markup': {
    make: (ctx) => variant(ctx, { html: injectIntoBody(ctx.email.html, '<p id="dup">One</p><p id="dup">Two</p>') }),
    expected: ['markup.vnu'],
  },
  'an image-only message': {
    make: (ctx) =>
      variant(ctx, {
        html: '<!DOCTYPE html><html lang="en"><head><title>Offer</title></head><body><a href="https://www.canadianmuslimpac.ca/"><img src="https://www.canadianmuslimpac.ca/offer.png" alt="Offer" width="600" height="800"></a></body></html>',
        text: '',
      }),
    expected: ['spam.score', 'spam.rule'],
  },
  'a message without a Subject header': {
    make: async (ctx) => variant(ctx, {}, ctx.eml.replace(/^Subject: .*\r\n/m, '')),
    expected: ['spam.rule', 'compliance.header-subject'],
  },
};

const reports = new Map<string, PreflightReport>();
let elapsed = 0;

beforeAll(async () => {
  const started = Date.now();
  const sample = await sampleContext();
  const content = await Promise.all(CONTENT_FILES.map((file) => contextOf(load(file))));
  const broken = await Promise.all(Object.values(BROKEN).map((b) => b.make(sample)));
  const results = await evaluateAll([...content, ...broken]);
  [...CONTENT_FILES, ...Object.keys(BROKEN)].forEach((name, i) => reports.set(name, results[i]!));
  elapsed = Date.now() - started;
}, 120_000);

describe('every real issue and content fixture', () => {
  it.each(CONTENT_FILES)('%s passes every check clean, with every tool run', (file) => {
    const report = reports.get(file)!;
    expect(report.notChecked).toEqual([]);
    expect(errorsOf(report.findings)).toEqual([]);
    expect(report.findings.filter((f) => f.severity === 'warning')).toEqual([]);
    expect(report.verdict.ok).toBe(true);
    expect(report.verdict.spamScore).toBeLessThan(2);
    expect(report.verdict.line).toMatch(new RegExp(`^PASS ${path.basename(file, '.yaml')}: 0 errors, 0 warnings · SpamAssassin -?\\d+\\.\\d/5`));
  });

  it('reports the SpamAssassin score and the rules that fired', () => {
    const spam = reports.get(CONTENT_FILES[0]!)!.findings.find((f) => f.id === 'spam.score');
    expect(spam?.severity).toBe('info');
    expect(spam?.message).toMatch(/^SpamAssassin -?\d+\.\d points \(fail at 5, warn from 2\): .*HTML_MESSAGE/);
  });

  it('runs each external tool once for the whole batch, in seconds', () => {
    // Chromium, the JVM and spamassassin start once each; a run per message would take several times this.
    expect(elapsed).toBeLessThan(45_000);
  });
});

describe('messages with one defect', () => {
  it.each(Object.entries(BROKEN))('%s fails with the expected findings', (name, { expected }) => {
    const report = reports.get(name)!;
    expect(report.verdict.ok).toBe(false);
    expect(ids(errorsOf(report.findings))).toEqual(expect.arrayContaining(expected));
  });

  it('points markup errors at the HTML line and column', () => {
    const vnu = reports.get('invalid markup')!.findings.find((f) => f.id === 'markup.vnu');
    expect(vnu?.message).toMatch(/Duplicate ID “dup”/);
    expect(vnu?.where).toMatch(/^html:\d+:\d+$/);
  });

  it('fails image-only mail on its rule, whatever the score', () => {
    const rules = reports.get('an image-only message')!.findings.filter((f) => f.id === 'spam.rule').map((f) => f.message);
    expect(rules.join('\n')).toMatch(/HTML_IMAGE_ONLY_\d+/);
    expect(reports.get('a message without a Subject header')!.findings.find((f) => f.id === 'spam.rule')?.message).toMatch(/MISSING_SUBJECT/);
  });
});
