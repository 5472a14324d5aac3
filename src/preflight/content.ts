/**
 * Content: what the inbox list shows. Subjects past ~80 characters are cut on
 * phones; a preheader under 40 characters lets the client fill the preview
 * with whatever text comes next, over 130 it is cut, and one that repeats the
 * subject wastes the line. Measured as the sample recipient sees them.
 */
import { fillMergeFields } from '../content/merge-fields.ts';
import { allOf, finding, type Check, type Finding, type NamedCheck, type PreflightContext } from './types.ts';

export const MAX_SUBJECT = 80;
export const PREHEADER_RANGE = [40, 130] as const;

/** Length in characters as a reader counts them (code points, not UTF-16 units). */
const length = (text: string) => [...text].length;

function inboxPreview(ctx: PreflightContext): Finding[] {
  const findings: Finding[] = [];
  const subject = ctx.email.subject;
  const preheader = fillMergeFields(ctx.rendered.preheader, { ...ctx.recipient.fields, email: ctx.recipient.email }, 'text');
  const [min, max] = PREHEADER_RANGE;
  if (length(subject) > MAX_SUBJECT) findings.push(finding('content.subject-length', 'error', `subject is ${length(subject)} characters; keep it to ${MAX_SUBJECT} (phones cut it)`, 'subject'));
  if (length(preheader) < min || length(preheader) > max) {
    findings.push(finding('content.preheader-length', 'error', `preheader is ${length(preheader)} characters; write ${min} to ${max}`, 'preheader'));
  }
  if (preheader.trim().toLowerCase() === subject.trim().toLowerCase()) {
    findings.push(finding('content.preheader-subject', 'error', 'preheader repeats the subject; use it to add what the subject does not say', 'preheader'));
  }
  return findings;
}

export const CONTENT_CHECKS: readonly NamedCheck[] = [
  {
    id: 'content.inbox-preview',
    title: 'subject and preheader as the inbox list shows them',
    covers: () => ({ what: `subject (at most ${MAX_SUBJECT} characters), preheader (${PREHEADER_RANGE[0]} to ${PREHEADER_RANGE[1]}, not the subject), as the recipient sees them` }),
    run: inboxPreview,
  },
];

export const contentChecks: Check = allOf(CONTENT_CHECKS);
