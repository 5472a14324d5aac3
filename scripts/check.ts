/**
 * npm run check -- content/issues/<file>.yaml [--json] [--verbose]
 * Renders the issue as the send pipeline would, runs every preflight check,
 * prints a table and a one-line verdict (or JSON); exits 1 on any error.
 */
import { runCommand } from '../src/cli/run.ts';
import { parseCommandArgs } from '../src/cli/args.ts';
import { loadIssue } from '../src/content/load.ts';
import { EXIT } from '../src/errors/errors.ts';
import { formatReport, reportJson, runPreflight } from '../src/preflight/index.ts';

const USAGE = 'npm run check -- content/issues/<file>.yaml [--json]';

runCommand(async () => {
  const { positionals, values } = parseCommandArgs(USAGE, { json: { type: 'boolean' } });
  const report = await runPreflight(loadIssue(positionals[0]!));
  console.log(values.json ? reportJson(report) : formatReport(report));
  return report.verdict.ok ? EXIT.ok : EXIT.failed;
});
