/** A command's output (src/campaign/progress.ts's Output) kept as lines, for a test to read, instead of printed. */
import type { Output } from '../../src/campaign/progress.ts';

export type CapturedOutput = Readonly<{
  /** Every line, info and warnings alike, in the order written. */
  lines: string[];
  /** The Output to hand the command: no terminal, so no progress bar. */
  output: Output;
  /** The lines joined with newlines. */
  text: () => string;
}>;

export function captureOutput(): CapturedOutput {
  const lines: string[] = [];
  return { lines, output: { info: (l: string) => lines.push(l), warn: (l: string) => lines.push(l), isTTY: false }, text: () => lines.join('\n') };
}
