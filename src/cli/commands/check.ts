/** `dispatch check`: preflight, every inbox, accessibility and compliance check of an issue. */
import { EXIT } from '../../errors/errors.ts';
import { defineCommand } from '../command.ts';
import { BRAND_OPTION, resolveBrandPath } from '../paths.ts';

export const check = defineCommand({
  name: 'check',
  summary: 'preflight: every inbox, accessibility and compliance check of an issue',
  usage: 'content/issues/<file>.yaml [--json] [--brand FILE]',
  description: 'Renders the issue as the send pipeline would, runs every preflight check and prints a table and a one-line verdict (or JSON).',
  options: {
    json: { type: 'boolean', description: 'print the report as JSON instead of a table' },
    brand: BRAND_OPTION,
  },
  minPositionals: 1,
  exitCodes: [
    [EXIT.ok, 'no check found an error'],
    [EXIT.failed, 'a check found an error (listed)'],
    [EXIT.usage, 'usage mistake, a missing file or invalid content'],
  ],
  async run({ positionals, options }) {
    const brandPath = resolveBrandPath(options.brand);
    const [{ loadIssue }, { formatReport, reportJson, runPreflight }] = await Promise.all([import('../../content/load.ts'), import('../../preflight/index.ts')]);
    const report = await runPreflight(loadIssue(positionals[0]!, { brandPath }));
    console.log(options.json ? reportJson(report) : formatReport(report));
    return report.verdict.ok ? EXIT.ok : EXIT.failed;
  },
});
