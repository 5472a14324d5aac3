/**
 * The webhook log's repository: each delivery's `svix-id` (migration 2's
 * `webhook_deliveries`), written in the same transaction as the suppressions
 * it carries, so a redelivery (Svix retries until it sees a 2xx) or a
 * replayed queue entry is acknowledged without recording twice, even across
 * a crash.
 */
import type { Db } from './db.ts';
import { addSuppression, type Suppression } from './suppressions.ts';

export type WebhookDelivery = Readonly<{ svixId: string; type: string; time: string }>;

/**
 * Records a delivery and its suppressions (each stamped with the delivery's
 * time), once per `svix-id`, in one transaction. `null` when the delivery was
 * recorded before; else the addresses newly added to the list.
 */
export function recordDelivery(db: Db, delivery: WebhookDelivery, suppressions: ReadonlyArray<Omit<Suppression, 'time'>>): string[] | null {
  return db.transaction((): string[] | null => {
    const fresh = db.prepare('INSERT INTO webhook_deliveries (svix_id, type, received_at) VALUES (?, ?, ?) ON CONFLICT (svix_id) DO NOTHING').run(delivery.svixId, delivery.type, delivery.time);
    if (fresh.changes === 0) return null;
    return suppressions.filter((entry) => addSuppression(db, { ...entry, time: delivery.time })).map((entry) => entry.address);
  }).immediate();
}
