/**
 * Dispatch: the kit's public entry. Components and theme for developers
 * composing emails; the content schema and its types; loading, rendering and
 * personalising issues; unsubscribe tokens for the organisation's site.
 */
export * from '../components/index.ts';
export { Digest, type DigestProps } from '../templates/digest.tsx';
export { ActionAlert, type ActionAlertProps } from '../templates/action-alert.tsx';
export * from './content/content-schema.ts';
export { loadIssue, loadBrand, loadIssueContent, type LoadIssueOptions } from './content/load.ts';
export type { LoadedIssue, RenderableIssue } from './content/issue.ts';
export { compileMerge, fillMergeFields, escapeHtml, mergeField, type MergeValues } from './content/merge-fields.ts';
export { renderIssue, renderTemplate, personaliseRendered, type RenderedIssue, type RenderOptions } from './render/render-issue.ts';
export { renderPlainText } from './render/plain-text.ts';
export { createPersonaliser, type OutgoingEmail, type Recipient, type Personaliser } from './personalise/personalise.ts';
export { signUnsubscribeToken, verifyUnsubscribeToken } from './personalise/unsubscribe-token.ts';
export { DispatchError, ContentError } from './errors/errors.ts';
export { sendCampaign } from './campaign/send-campaign.ts';
export { runPreflight, assertPreflight } from './preflight/preflight.ts';
export { startServe } from './serve/server.ts';
