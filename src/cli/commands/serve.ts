/**
 * `dispatch serve`: the unsubscribe and bounce service (src/serve). Reads
 * UNSUBSCRIBE_SECRET and RESEND_WEBHOOK_SECRET from the environment; prints its
 * URL on the first line.
 */
import { DispatchError, EXIT, printable } from '../../errors/errors.ts';
import { PAGE_LANGUAGES, pageLanguage } from '../../serve/pages.ts';
import { checkWebhookSecret } from '../../serve/svix.ts';
import { defineCommand, usageLine } from '../command.ts';
import { BRAND_OPTION, resolveBrandPath } from '../paths.ts';

export const serve = defineCommand({
  name: 'serve',
  summary: 'one-click unsubscribe and Resend webhooks into the suppression list',
  usage: '[--port N] [--host H] [--db PATH] [--brand FILE] [--lang en|fr|ar]',
  description:
    'Answers RFC 8058 one-click POST /unsubscribe?token=… (UNSUBSCRIBE_SECRET), a confirmation page on GET, and Resend webhooks at /webhooks/resend (RESEND_WEBHOOK_SECRET), ' +
    'recording unsubscribes, hard bounces and complaints in the suppression list. Prints its URL on the first line; stops on SIGINT or SIGTERM.',
  options: {
    port: { type: 'string', value: 'N', description: 'port to listen on, 0 for any free one (default: $PORT, else 8787)' },
    host: { type: 'string', default: '127.0.0.1', value: 'H', description: 'address to listen on' },
    db: { type: 'string', value: 'PATH', description: 'suppression list and campaign record (default: $DISPATCH_DB, else .dispatch/dispatch.db)' },
    brand: BRAND_OPTION,
    lang: { type: 'string', default: 'en', value: 'en|fr|ar', description: 'language of the confirmation page' },
  },
  exitCodes: [
    [EXIT.ok, 'stopped by a signal'],
    [EXIT.usage, 'usage or configuration error (no secret set, a webhook secret that is not a 24-byte or longer base64 key, a bad port, a --lang the pages are not written in, a missing brand)'],
  ],
  async run({ options }) {
    const portText = options.port ?? process.env.PORT ?? '8787';
    const port = Number(portText);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new DispatchError(`--port ${portText} is not a port number`, { hint: `usage: ${usageLine(serve)}` });
    const unsubscribeSecret = process.env.UNSUBSCRIBE_SECRET || undefined;
    const webhookSecret = process.env.RESEND_WEBHOOK_SECRET || undefined;
    if (!unsubscribeSecret && !webhookSecret) {
      throw new DispatchError('neither UNSUBSCRIBE_SECRET nor RESEND_WEBHOOK_SECRET is set: nothing to serve', { hint: 'set them in the environment (the same UNSUBSCRIBE_SECRET that signs the sends)' });
    }
    if (webhookSecret) checkWebhookSecret(webhookSecret);
    const language = pageLanguage(options.lang);
    if (!language) throw new DispatchError(`--lang ${printable(options.lang)}: the pages are written in ${PAGE_LANGUAGES.join(', ')} only`, { hint: `usage: ${usageLine(serve)}` });
    const brandPath = resolveBrandPath(options.brand);
    const [{ loadBrand }, { startServe }, { openDb, resolveDbPath }, { resultsSettings }, { schedulePrune }] = await Promise.all([
      import('../../content/load.ts'),
      import('../../serve/server.ts'),
      import('../../store/db.ts'),
      import('../../results/settings.ts'),
      import('../../results/prune.ts'),
    ]);
    const brand = loadBrand(brandPath);
    const db = openDb(resolveDbPath(options.db));
    const running = await startServe({
      db,
      port,
      host: options.host,
      unsubscribeSecret,
      webhookSecret,
      listName: brand.newsletterName ?? brand.name,
      language,
      log: (line) => console.error(`${new Date().toISOString()} ${line}`),
    });
    const stopPruning = schedulePrune(db, resultsSettings(brand), (line) => console.error(`${new Date().toISOString()} ${line}`));
    if (!unsubscribeSecret) console.error('warning: UNSUBSCRIBE_SECRET is not set; /unsubscribe answers 503');
    if (!webhookSecret) console.error('warning: RESEND_WEBHOOK_SECRET is not set; /webhooks/resend answers 503');
    // Graceful: no new connections, requests in flight finish, then the record is closed and
    // the process exits 0. `npm run serve` execs tsx, which passes the signal on to this process.
    const stop = (signal: string) => {
      stopPruning();
      const closed = running.close();
      // Logged once the listening socket is closed: a supervisor reading it may rely on that.
      console.error(`${new Date().toISOString()} ${signal}: stopping (no new connections; finishing requests in flight)`);
      void closed.then(() => {
        db.close();
        console.error(`${new Date().toISOString()} stopped`);
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    // The URL says "ready": only once a signal would stop it gracefully (nothing awaited after this).
    console.log(running.url);
  },
});
