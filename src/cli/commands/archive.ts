/** `dispatch archive`: the web archive of content/issues/, one page per issue, an index, feed.xml and sitemap.xml. */
import { EXIT } from '../../errors/errors.ts';
import { defineCommand } from '../command.ts';
import { BRAND_OPTION, resolveBrandPath } from '../paths.ts';

export const archive = defineCommand({
  name: 'archive',
  summary: 'build the web archive of content/issues/ (pages, index, feed, sitemap)',
  usage: '[--out site/] [--base-url https://…] [--brand FILE]',
  description: 'Builds a page per issue of content/issues/, an index (newest first), feed.xml and sitemap.xml, replacing the folder it built last time.',
  options: {
    out: { type: 'string', default: 'site', value: 'DIR', description: 'folder the site is written to' },
    'base-url': { type: 'string', value: 'URL', description: "address the site is published at (default: archiveUrl in the brand)" },
    brand: BRAND_OPTION,
  },
  exitCodes: [
    [EXIT.ok, 'site written'],
    [EXIT.usage, 'usage mistake, invalid content or a folder it did not build (nothing written)'],
  ],
  async run({ options }) {
    const brandPath = resolveBrandPath(options.brand);
    const { buildArchive } = await import('../../archive/index.ts');
    const result = buildArchive({ outDir: options.out, baseUrl: options['base-url'], brandPath });
    console.log(`${result.outDir}: ${result.issues} issue pages, index.html, feed.xml, sitemap.xml for ${result.baseUrl}`);
  },
});
