/**
 * npm run render -- content/issues/<file>.yaml [--out DIR] [--recipient '{"first_name":"Amina"}'] [--verbose]
 * Writes DIR/<file>.html and DIR/<file>.txt and prints their sizes.
 */
import { runCommand } from '../src/cli/run.ts';
import { EXIT } from '../src/errors/errors.ts';
import { parseCommandArgs } from '../src/cli/args.ts';
import { renderIssueToFiles } from '../src/render/render-files.ts';

const USAGE = "npm run render -- content/issues/<file>.yaml [--out DIR] [--recipient '{\"first_name\":\"Amina\"}']";

runCommand(async () => {
  const { positionals, values } = parseCommandArgs(USAGE, {
    out: { type: 'string', default: 'out' },
    recipient: { type: 'string' },
  });
  const written = await renderIssueToFiles(positionals[0]!, { outDir: values.out as string, recipient: values.recipient as string | undefined });
  for (const file of written) console.log(`${file.path}  ${file.kilobytes.toFixed(1)} KB`);
}, { contentExitCode: EXIT.failed });
