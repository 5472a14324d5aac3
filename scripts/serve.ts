/**
 * npm run serve -- [--port N] [--host H] [--db PATH] [--brand content/brand.yaml] [--lang en]
 * The unsubscribe and bounce service (src/serve). Reads UNSUBSCRIBE_SECRET and
 * RESEND_WEBHOOK_SECRET from the environment; prints its URL on the first line.
 */
import { parseCommandArgs } from '../src/cli/args.ts';
import { runCommand } from '../src/cli/run.ts';
import { loadBrand } from '../src/content/load.ts';
import { DispatchError } from '../src/errors/errors.ts';
import { startServe } from '../src/serve/server.ts';
import { openDb, resolveDbPath } from '../src/store/db.ts';

const USAGE = 'npm run serve -- [--port N] [--host H] [--db PATH] [--brand FILE] [--lang en|fr|ar]';

runCommand(async () => {
  const { values } = parseCommandArgs(
    USAGE,
    {
      port: { type: 'string', default: process.env.PORT ?? '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      db: { type: 'string' },
      brand: { type: 'string', default: 'content/brand.yaml' },
      lang: { type: 'string', default: 'en' },
    },
    undefined,
    0,
  );
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new DispatchError(`--port ${String(values.port)} is not a port number`, { hint: `usage: ${USAGE}` });
  const unsubscribeSecret = process.env.UNSUBSCRIBE_SECRET || undefined;
  const webhookSecret = process.env.RESEND_WEBHOOK_SECRET || undefined;
  if (!unsubscribeSecret && !webhookSecret) {
    throw new DispatchError('neither UNSUBSCRIBE_SECRET nor RESEND_WEBHOOK_SECRET is set: nothing to serve', { hint: 'set them in the environment (the same UNSUBSCRIBE_SECRET that signs the sends)' });
  }
  const brand = loadBrand(values.brand as string);
  const db = openDb(resolveDbPath(values.db as string | undefined));
  const running = await startServe({
    db,
    port,
    host: values.host as string,
    unsubscribeSecret,
    webhookSecret,
    listName: brand.newsletterName ?? brand.name,
    language: values.lang as string,
    log: (line) => console.error(`${new Date().toISOString()} ${line}`),
  });
  console.log(running.url);
  if (!unsubscribeSecret) console.error('warning: UNSUBSCRIBE_SECRET is not set; /unsubscribe answers 503');
  if (!webhookSecret) console.error('warning: RESEND_WEBHOOK_SECRET is not set; /webhooks/resend answers 503');
  const stop = () => void running.close().then(() => db.close());
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
