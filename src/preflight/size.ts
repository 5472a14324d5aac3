/**
 * Size: Gmail clips an HTML part above 102 KB ("[Message clipped] View entire
 * message"), hiding the footer and its unsubscribe link, and drops a `<style>`
 * block over its limit or outside `<head>`.
 */
import { ancestors, byTag, rawText } from './html.ts';
import { allOf, finding, type Check, type Finding, type NamedCheck, type PreflightContext } from './types.ts';

export const KB = 1024;
export const GMAIL_CLIP_BYTES = 102 * KB;
export const CLIP_WARNING_BYTES = 80 * KB;
export const STYLE_LIMIT_BYTES = 16 * KB;

export const kilobytes = (bytes: number): string => `${(bytes / KB).toFixed(1)} KB`;

function sizeLimits(ctx: PreflightContext): Finding[] {
  const findings: Finding[] = [];
  const htmlBytes = Buffer.byteLength(ctx.email.html, 'utf8');
  const textBytes = Buffer.byteLength(ctx.email.text, 'utf8');
  const styles = byTag(ctx.html, 'style');
  const styleBytes = styles.reduce((sum, el) => sum + Buffer.byteLength(rawText(el), 'utf8'), 0);

  if (htmlBytes > GMAIL_CLIP_BYTES) {
    findings.push(finding('size.gmail-clip', 'error', `HTML part is ${kilobytes(htmlBytes)}; Gmail clips above 102 KB, hiding the footer and unsubscribe link (shorten the issue or drop cards)`, 'html'));
  } else if (htmlBytes > CLIP_WARNING_BYTES) {
    findings.push(finding('size.gmail-clip-risk', 'warning', `HTML part is ${kilobytes(htmlBytes)}, close to Gmail's 102 KB clipping limit`, 'html'));
  }
  for (const style of styles) {
    if (!ancestors(style).some((el) => el.name === 'head')) {
      findings.push(finding('size.style-outside-head', 'error', '<style> outside <head>: Gmail and others drop it; put styles in the head', ctx.html.where(style)));
    }
  }
  if (styleBytes > STYLE_LIMIT_BYTES) {
    findings.push(finding('size.style-total', 'error', `<style> blocks total ${kilobytes(styleBytes)}; Gmail drops styles above 16 KB`, 'html'));
  }
  findings.push(
    finding('size.summary', 'info', `HTML ${kilobytes(htmlBytes)} (limit 102 KB), text ${kilobytes(textBytes)}, styles ${kilobytes(styleBytes)} (limit 16 KB), message ${kilobytes(Buffer.byteLength(ctx.eml, 'utf8'))}`, 'message'),
  );
  return findings;
}

export const SIZE_CHECKS: readonly NamedCheck[] = [
  {
    id: 'size.limits',
    title: "Gmail's clipping and style limits",
    covers: () => ({ what: 'HTML part (clipped above 102 KB), <style> blocks (16 KB, in <head>), text part, whole message' }),
    run: sizeLimits,
  },
];

export const sizeChecks: Check = allOf(SIZE_CHECKS);
