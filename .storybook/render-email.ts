/** Stories of the layout components render a whole email to HTML, as templates do. */
import type { ReactElement } from 'react';
import { render } from 'react-email';
import { brand } from '../fixtures/index.ts';
import type { EmailPreview } from './email-frame.tsx';
import { senderName } from './issue-controls.ts';

/** The element rendered by react-email's `render` (the one `renderIssue` uses), for an `EmailFrame`. */
export async function previewElement(element: ReactElement, inbox: Readonly<{ subject: string; preheader: string }>): Promise<EmailPreview> {
  return { html: await render(element), ...inbox, from: senderName(brand.from) };
}
