/** The shapes every preflight check shares. */
import type { LoadedIssue } from '../content/issue.ts';
import type { RenderedIssue } from '../render/render-issue.ts';
import type { OutgoingEmail, Recipient } from '../personalise/personalise.ts';
import type { ParsedHtml } from './html.ts';
import type { ContentIndex } from './content-index.ts';
import type { AxeReport } from './axe.ts';
import type { VnuMessage } from './markup.ts';
import type { SpamReport } from './spam.ts';

export type Severity = 'error' | 'warning' | 'info';

export type Finding = Readonly<{
  /** Stable id, `family.what`, e.g. `links.https`; tests and allowlists name findings by it. */
  id: string;
  severity: Severity;
  message: string;
  /** The content field (`sections[0].cards[2].link.url`), `html:LINE:COL`, or a part of the message (`headers`, `text`). */
  where: string;
}>;

/** The tools preflight runs outside Node; each can be missing on a machine. */
export type ToolName = 'chromium' | 'java' | 'spamassassin';

export type NotChecked = Readonly<{ check: string; tool: ToolName; reason: string }>;

/** What the external tools said about one message (absent: the tool did not run). */
export type ToolResults = Readonly<{
  axe?: AxeReport;
  vnu?: readonly VnuMessage[];
  spam?: SpamReport;
}>;

/** One issue, rendered and personalised exactly as the send pipeline would, plus what the tools said. */
export type PreflightContext = Readonly<{
  /** The issue data as written (before UTM tagging). */
  issue: LoadedIssue;
  /** Rendered once, merge fields in place. */
  rendered: RenderedIssue;
  /** The sample recipient the message was personalised for. */
  recipient: Recipient;
  /** The personalised message: parts, subject and List-Unsubscribe headers. */
  email: OutgoingEmail;
  /** The RFC 5322 message as the outbox would write it. */
  eml: string;
  /** The personalised HTML part, parsed. */
  html: ParsedHtml;
  /** Where each URL and text came from in the content. */
  content: ContentIndex;
  tools: ToolResults;
}>;

/** A check family: a small function from a context to findings. */
export type Check = (ctx: PreflightContext) => Finding[];

export const finding = (id: string, severity: Severity, message: string, where: string): Finding => ({ id, severity, message, where });
