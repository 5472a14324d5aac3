/** `dispatch check`: preflight, every inbox, accessibility and compliance check of an issue. */
import { EXIT } from '../../errors/errors.ts';
import { defineCommand, ISSUE_ARGUMENT } from '../command.ts';
import { BRAND_OPTION, resolveBrandPath } from '../paths.ts';

export const check = defineCommand({
  name: 'check',
  summary: 'preflight: every inbox, accessibility and compliance check of an issue',
  usage: 'content/issues/<file>.yaml [--json] [--preflight-tools LIST|none] [--brand FILE]',
  description:
    'Renders the issue as the send pipeline would, runs every preflight check (the gate send and broadcast run) and prints the findings, every check that ran ' +
    '(family, tool and version, what it covered, status, time) and a one-line verdict, or the same as JSON. ' +
    'The external tools follow --preflight-tools, else DISPATCH_PREFLIGHT_TOOLS, else all three.',
  options: {
    json: { type: 'boolean', description: 'print the report as JSON instead of a table' },
    'preflight-tools': { type: 'string', value: 'LIST', description: "preflight's external tools: chromium,java,spamassassin, or none (default: DISPATCH_PREFLIGHT_TOOLS, else all three)" },
    brand: BRAND_OPTION,
  },
  arguments: [ISSUE_ARGUMENT],
  exitCodes: [
    [EXIT.ok, 'no check found an error'],
    [EXIT.failed, 'a check found an error (listed)'],
    [EXIT.usage, 'usage mistake, a missing file or invalid content'],
  ],
  async run({ args, options }) {
    const brandPath = resolveBrandPath(options.brand);
    const [{ loadIssue }, { formatReport, reportJson }, { runGate, toolsFor }] = await Promise.all([
      import('../../content/load.ts'),
      import('../../preflight/index.ts'),
      import('../../preflight/gate.ts'),
    ]);
    const tools = toolsFor(process.env, options['preflight-tools']);
    // The command ends after the report: no need for a process of its own.
    const report = await runGate({ issue: loadIssue(args.issue, { brandPath }), tools, isolate: false });
    console.log(options.json ? reportJson(report) : formatReport(report));
    return report.verdict.ok ? EXIT.ok : EXIT.failed;
  },
});
