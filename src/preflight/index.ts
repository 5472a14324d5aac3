/** Preflight's public entry: run the checks, gate a send, show a report. */
export { runPreflight, assertPreflight, refuseOnErrors, checkIssues, evaluateAll, evaluate, runExternalTools, formatFinding, CHECKS, CHECK_LIST, FAMILIES, ALL_TOOLS } from './preflight.ts';
export { runGate, parseToolList, toolsFor, TOOLS_VARIABLE, type GateInput } from './gate.ts';
export { preflightGate, type GateWarning } from './send-gate.ts';
export type { PreflightOptions, PreflightReport, Verdict, ToolRun } from './preflight.ts';
export { prepareContext, withMessage, SAMPLE_RECIPIENT, type SampleMessage } from './preflight-context.ts';
export { formatReport, formatChecks, reportJson } from './preflight-report.ts';
export type { Finding, Severity, NotChecked, ToolName, PreflightContext, CheckRun, CheckStatus, Coverage, NamedCheck, ToolVersion } from './types.ts';
