/**
 * Render once: an issue becomes HTML and plain text with merge fields still in
 * place, ready to be personalised per recipient without calling React again.
 */
import { render } from 'react-email';
import { MSO_HEAD } from '../../components/email-layout/index.ts';
import type { Theme } from '../../components/theme/index.ts';
import type { Brand, Issue } from '../content/schema.ts';
import { fillMergeFields, type MergeValues } from '../content/merge-fields.ts';
import { renderPlainText } from './plain-text.ts';
import { templateElement } from './templates.tsx';
import { tagIssueLinks } from './utm.ts';

export type RenderedIssue = Readonly<{
  /** The HTML part. */
  html: string;
  /** The plain-text part. */
  text: string;
  subject: string;
  preheader: string;
}>;

export type RenderOptions = Readonly<{
  /** Fill merge fields for this recipient (audience columns by name). Default: leave them in place. */
  recipient?: MergeValues;
  /** Fill merge fields with their fallbacks (what a reader with no data sees). Default: `false`. */
  fallbacks?: boolean;
  /** Theme to start from. Default: the default theme. */
  theme?: Theme;
}>;

export type RenderableIssue = Issue & Readonly<{ brand: Brand }>;

/** React writes the marker as an empty element; swap in Outlook's conditional head block. */
function finishHtml(html: string): string {
  return html.replace(/<meta name="dispatch-mso-head"\s*\/?>/, MSO_HEAD);
}

/** Renders the template once: HTML and text with `{{merge fields}}` still in place. */
export async function renderTemplate(issue: RenderableIssue, theme?: Theme): Promise<RenderedIssue> {
  issue = tagIssueLinks(issue); // UTM tags on the organisation's links, before either part is written
  const html = finishHtml(await render(templateElement(issue, issue.brand, theme)));
  return { html, text: renderPlainText(issue, issue.brand), subject: issue.subject, preheader: issue.preheader };
}

/** Fills a rendered issue's merge fields for one recipient (values escaped in the HTML). */
export function personaliseRendered(rendered: RenderedIssue, values: MergeValues): RenderedIssue {
  return {
    html: fillMergeFields(rendered.html, values, 'html'),
    text: fillMergeFields(rendered.text, values, 'text'),
    subject: fillMergeFields(rendered.subject, values, 'text'),
    preheader: fillMergeFields(rendered.preheader, values, 'text'),
  };
}

/**
 * Renders an issue. With `recipient` (or `fallbacks`), merge fields are filled;
 * otherwise they stay in place for the send pipeline to fill per recipient.
 */
export async function renderIssue(issue: RenderableIssue, options: RenderOptions = {}): Promise<RenderedIssue> {
  const rendered = await renderTemplate(issue, options.theme);
  if (options.recipient) return personaliseRendered(rendered, options.recipient);
  if (options.fallbacks) return personaliseRendered(rendered, {});
  return rendered;
}

