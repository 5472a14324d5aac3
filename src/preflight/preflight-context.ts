/**
 * The message preflight checks, made exactly as the send pipeline makes it:
 * render once, personalise for a sample recipient (merge fields, signed
 * unsubscribe link, List-Unsubscribe headers), build the .eml.
 */
import { renderIssue, type RenderedIssue } from '../render/render-issue.ts';
import { createPersonaliser, type OutgoingEmail, type Recipient } from '../personalise/personalise.ts';
import { buildEml, domainOf } from '../deliver/mime.ts';
import { indexContent } from './content-index.ts';
import { parseHtml } from './html.ts';
import type { LoadedIssue } from '../content/issue.ts';
import type { PreflightContext } from './types.ts';

/** The reader preflight sends to: a name for merge fields, an address on a domain reserved for examples. */
export const SAMPLE_RECIPIENT: Recipient = { email: 'sample.reader@example.com', fields: { first_name: 'Amina', last_name: 'Rahman' } };

/** Signs the sample's unsubscribe token; real sends sign with UNSUBSCRIBE_SECRET. */
const SAMPLE_SECRET = 'preflight-sample-secret';

export type ContextOptions = Readonly<{
  /** The sample recipient. Default: `SAMPLE_RECIPIENT`. */
  recipient?: Recipient;
  /** Unsubscribe secret. Default: a fixed sample secret (the token is never used). */
  secret?: string;
  /** The Date header. Default: now. */
  date?: Date;
}>;

/** Renders and personalises an issue into the context the checks read, as `sendCampaign` does (renderIssue, createPersonaliser). */
export async function prepareContext(issue: LoadedIssue, options: ContextOptions = {}): Promise<PreflightContext> {
  const rendered = await renderIssue(issue);
  const recipient = options.recipient ?? SAMPLE_RECIPIENT;
  const personalise = createPersonaliser(rendered, issue.brand, {
    campaignId: `preflight-${issue.slug}`,
    issueSlug: issue.slug,
    secret: options.secret ?? SAMPLE_SECRET,
  });
  return withMessage({ issue, rendered, recipient }, personalise(recipient), options);
}

type Parts = Readonly<{ issue: LoadedIssue; rendered: RenderedIssue; recipient: Recipient }>;

/** A message as the send pipeline builds it: the issue rendered once, the recipient, and the personalised email. */
export type SampleMessage = Readonly<{ rendered: RenderedIssue; recipient: Recipient; email: OutgoingEmail }>;

/**
 * A context for a given message: builds its .eml (unless given) and parses its
 * HTML. Tests use it to check a message with one defect the content cannot make.
 */
export async function withMessage(parts: Parts, email: OutgoingEmail, options: ContextOptions & { eml?: string } = {}): Promise<PreflightContext> {
  const eml =
    options.eml ??
    (await buildEml(email, { messageId: `preflight.${parts.issue.slug}@${domainOf(email.from)}`, date: options.date ?? new Date() })).toString('utf8');
  return { ...parts, email, eml, html: parseHtml(email.html), content: indexContent(parts.issue), tools: {} };
}
