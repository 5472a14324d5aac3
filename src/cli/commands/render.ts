/** `dispatch render`: an issue's HTML and text parts, written to files. */
import { EXIT } from '../../errors/errors.ts';
import { defineCommand, ISSUE_ARGUMENT } from '../command.ts';
import { BRAND_OPTION, resolveBrandPath } from '../paths.ts';

export const render = defineCommand({
  name: 'render',
  summary: 'write the HTML and text of an issue',
  usage: "content/issues/<file>.yaml [--out DIR] [--recipient '{\"first_name\":\"Amina\"}'] [--brand FILE]",
  description: 'Writes DIR/<file>.html and DIR/<file>.txt and prints their sizes. Merge fields show their fallbacks unless --recipient fills them.',
  options: {
    out: { type: 'string', default: 'out', value: 'DIR', description: 'folder the two files are written to' },
    recipient: { type: 'string', value: 'JSON', description: `merge-field values to fill, as a JSON object: '{"first_name":"Amina"}'` },
    brand: BRAND_OPTION,
  },
  arguments: [ISSUE_ARGUMENT],
  contentExitCode: EXIT.failed,
  exitCodes: [
    [EXIT.ok, 'both files written'],
    [EXIT.failed, 'invalid content, every problem listed (nothing written)'],
    [EXIT.usage, 'usage mistake, or a file that cannot be read'],
  ],
  async run({ args, options }) {
    const brandPath = resolveBrandPath(options.brand);
    // Loaded here rather than at the top so `dispatch --help` and the other commands do not load React.
    const { renderIssueToFiles } = await import('../../render/render-files.ts');
    const written = await renderIssueToFiles(args.issue, { outDir: options.out, recipient: options.recipient, brandPath });
    for (const file of written) console.log(`${file.path}  ${file.kilobytes.toFixed(1)} KB`);
  },
});
