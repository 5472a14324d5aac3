/**
 * The send in this process, through the CLI's error path: for the many
 * refusal cases, where a child process per case would cost seconds each.
 */
import { sendCampaign, type SendOptions } from '../../src/campaign/send-campaign.ts';
import { exitCodeOf, formatError } from '../../src/errors/errors.ts';
import { BASE_ENV } from './run-script.ts';
import { recordText } from './secret-scan.ts';

export type InProcessResult = Readonly<{ code: number; stdout: string; stderr: string }>;

/**
 * sendCampaign with the CLI's error path (formatError + exitCodeOf, exactly
 * what src/cli/run.ts does), output captured and recorded for the secret scan;
 * the environment is BASE_ENV and then `env`, as for a child process.
 */
export async function sendInProcess(options: Omit<SendOptions, 'env' | 'output'>, env: NodeJS.ProcessEnv): Promise<InProcessResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  let code: number;
  try {
    const result = await sendCampaign({ ...options, env: { ...BASE_ENV, ...env }, output: { info: (l) => stdout.push(l), warn: (l) => stderr.push(l), isTTY: false } });
    code = result.exitCode;
  } catch (error) {
    for (const line of formatError(error, Boolean(options.verbose))) stderr.push(line);
    code = exitCodeOf(error);
  }
  const out = { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
  recordText('in-process stdout', out.stdout);
  recordText('in-process stderr', out.stderr);
  return out;
}
