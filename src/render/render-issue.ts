/**
 * Render once: an issue becomes HTML and plain text with merge fields still in
 * place, ready to be personalised per recipient without calling React again.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { MSO_HEAD } from '../../components/email-layout/index.ts';
import type { ReactElement } from 'react';
import type { Theme } from '../../components/theme/index.ts';
import type { RenderableIssue } from '../content/issue.ts';
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

/** The doctype mail clients expect (the one React Email's `render` writes). */
const XHTML_DOCTYPE =
  '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">';
/** React 19 adds `<link rel="preload" as="image">` hints to `<head>`; Gmail, Yahoo and Outlook.com do not support them. */
const IMAGE_PRELOAD = /<link\b(?=[^>]*\brel="preload")(?=[^>]*\bas="image")[^>]*>/gi;

/**
 * The whole document. React's synchronous static renderer, rather than React
 * Email's streaming `render`: the tree has no Suspense, and streaming plus a
 * per-call import cost two thirds of the render time (BENCHMARKS.md).
 * React writes the Outlook marker as an empty element; swap in the conditional head block.
 */
function documentHtml(element: ReactElement): string {
  const markup = renderToStaticMarkup(element).replace(IMAGE_PRELOAD, '');
  return `${XHTML_DOCTYPE}${markup.replace(/<meta name="dispatch-mso-head"\s*\/?>/, MSO_HEAD)}`;
}

/** Renders the template once: HTML and text with `{{merge fields}}` still in place. */
export async function renderTemplate(issue: RenderableIssue, theme?: Theme): Promise<RenderedIssue> {
  issue = tagIssueLinks(issue); // UTM tags on the organisation's links, before either part is written
  const html = documentHtml(templateElement(issue, issue.brand, theme));
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

