/** A campaign record with seeded Resend events, for the results tests that need one without a real send. */
import { loadIssue } from '../../src/content/load.ts';
import { renderIssue } from '../../src/render/render-issue.ts';
import { recordWebhook } from '../../src/serve/webhook.ts';
import { CampaignStore } from '../../src/store/campaign-store.ts';
import type { Db } from '../../src/store/db.ts';
import { linksInHtml, planWebhookEvents, type PlannedEvent, type StoredEmail } from './resend-stand-in/index.ts';
import { SAMPLE_ISSUE } from './content.ts';


/** Records campaign `id` as sent to `emails` through Resend; Resend's ids are `<id>-e<n>`, in order. */
export function recordSentCampaign(db: Db, id: string, emails: readonly string[], issueFile = SAMPLE_ISSUE): string[] {
  const store = new CampaignStore(db);
  const campaign = store.ensureCampaign({ id, transport: 'resend', issueSlug: 'issue', issueFile, subject: 'Hello', contentHash: 'h', scheduledAt: null });
  const importer = store.importer(campaign.pk, 1);
  emails.forEach((email, i) => importer.admit({ line: i + 2, email, fields: {} }));
  importer.finish();
  const ids: string[] = [];
  for (let after = 0; ; ) {
    const recipients = store.nextRecipients(campaign.pk, 1, after, 100);
    if (recipients.length === 0) break;
    after = recipients.at(-1)!.pk;
    const batch = store.createBatch(campaign.pk, recipients, { idempotencyKey: `${id}-k${after}`, payloadHash: `${id}-h${after}` });
    const batchIds = recipients.map((_, i) => `${id}-e${ids.length + i}`);
    store.confirmBatch(batch.pk, recipients, batchIds);
    ids.push(...batchIds);
  }
  return ids;
}

/** The stand-in's events for a recorded campaign (as if it had accepted those emails), written through the webhook handler's own path. */
export async function seedEvents(db: Db, id: string, emails: readonly string[], seed: number): Promise<PlannedEvent[]> {
  const ids = recordSentCampaign(db, id, emails);
  const links = linksInHtml((await renderIssue(loadIssue(SAMPLE_ISSUE))).html);
  const accepted: StoredEmail[] = emails.map((email, i) => ({
    id: ids[i]!,
    from: 'CMPAC <newsletter@example.org>',
    to: [email],
    subject: 'Hello',
    tags: [{ name: 'campaign', value: id }],
    idempotencyKey: null,
    receivedAt: Date.parse('2026-12-01T14:00:00Z'),
    via: 'batch',
  }));
  const events = planWebhookEvents(accepted, { seed, linksOf: () => links });
  for (const event of events) recordWebhook(db, event.svixId, Buffer.from(event.body), new Date('2026-12-01T14:00:00Z'));
  return events;
}
