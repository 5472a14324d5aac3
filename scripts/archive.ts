/**
 * npm run archive -- [--out site/] [--base-url https://…] [--verbose]
 * Builds the web archive from content/issues/: one page per issue, an index, feed.xml and sitemap.xml.
 */
import { parseCommandArgs } from '../src/cli/args.ts';
import { runCommand } from '../src/cli/run.ts';
import { DispatchError } from '../src/errors/errors.ts';
import { buildArchive } from '../src/archive/index.ts';

const USAGE = 'npm run archive -- [--out site/] [--base-url https://…]';

runCommand(async () => {
  const { positionals, values } = parseCommandArgs(USAGE, { out: { type: 'string', default: 'site' }, 'base-url': { type: 'string' } }, process.argv.slice(2), 0);
  if (positionals.length > 0) throw new DispatchError(`unexpected argument "${positionals[0]}"`, { hint: `usage: ${USAGE}` });
  const result = buildArchive({ outDir: values.out as string, baseUrl: values['base-url'] as string | undefined });
  console.log(`${result.outDir}: ${result.issues} issue pages, index.html, feed.xml, sitemap.xml for ${result.baseUrl}`);
});
