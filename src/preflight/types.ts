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

/** What a check looked at: a line for people, and the clients, colour schemes and widths where it has them. */
export type Coverage = Readonly<{
  what: string;
  clients?: readonly string[];
  colourSchemes?: readonly ('light' | 'dark')[];
  /** Viewport widths in CSS pixels. */
  widths?: readonly number[];
}>;

/**
 * One check of a family, with a stable id (`family.what`, like the findings it
 * reports), a title, the external tool it needs (if any) and what it covers.
 */
export type NamedCheck = Readonly<{
  id: string;
  title: string;
  /** The external tool whose results it reads; without them it is not run. */
  tool?: ToolName;
  /** The library or data it checks with, for checks that use one in Node (caniemail). */
  version?: () => ToolVersion;
  covers: (ctx: PreflightContext) => Coverage;
  run: Check;
}>;

/** A family's function: its checks in order, findings concatenated. */
export const allOf =
  (checks: readonly NamedCheck[]): Check =>
  (ctx) =>
    checks.flatMap((check) => check.run(ctx));

/** A program or data set a check relies on, and its version as it reports it. */
export type ToolVersion = Readonly<{
  name: string;
  /** Absent when the tool could not be found. */
  version?: string;
  /** caniemail: the date of its support data. */
  dataDate?: string;
  /** axe-core: the browser it ran in. */
  runtime?: string;
}>;

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'not run';

/** One check as it ran on one message: the report lists every one, clean or not. */
export type CheckRun = Readonly<{
  id: string;
  family: string;
  title: string;
  tool?: ToolVersion;
  covered: Coverage;
  status: CheckStatus;
  /** Why a check did not run (the tool was skipped, missing or failed). */
  reason?: string;
  /** Errors and warnings it reported (info lines are not counted). */
  errors: number;
  warnings: number;
  /** Milliseconds: the check itself, plus its tool's run (one run for all the messages checked together). */
  ms: number;
}>;

export const finding = (id: string, severity: Severity, message: string, where: string): Finding => ({ id, severity, message, where });
