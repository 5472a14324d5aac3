/**
 * The gate as the sending commands use it (`dispatch send`, `dispatch broadcast`):
 * the one gate (gate.ts), then any error refuses the send (exit 2, nothing sent;
 * there is no override). Warnings, and tools that could not run, come back as
 * the pipeline's warnings so the sender sees them.
 */
import { runGate, type GateInput } from './gate.ts';
import { formatFinding, refuseOnErrors } from './preflight.ts';

export { parseToolList, toolsFor, TOOLS_VARIABLE } from './gate.ts';

export type GateWarning = Readonly<{ level: 'warning'; message: string }>;

/** Runs the gate on the message; throws the refusal on any error, else resolves with the warnings and what was not checked. */
export async function preflightGate(input: GateInput): Promise<GateWarning[]> {
  const report = refuseOnErrors(input.issue, await runGate(input));
  return [
    ...report.findings.filter((f) => f.severity === 'warning').map((f) => ({ level: 'warning' as const, message: `preflight: ${formatFinding(f)}` })),
    ...report.notChecked.map((n) => ({ level: 'warning' as const, message: `preflight: not checked: ${n.check}: ${n.reason}` })),
  ];
}
