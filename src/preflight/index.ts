/** Preflight's public entry: run the checks, gate a send, show a report. */
export { runPreflight, assertPreflight, checkIssues, evaluateAll, evaluate, runExternalTools, formatFinding, CHECKS, ALL_TOOLS } from './preflight.ts';
export type { PreflightOptions, PreflightReport, Verdict } from './preflight.ts';
export { prepareContext, withMessage, SAMPLE_RECIPIENT } from './context.ts';
export { formatReport, reportJson } from './report.ts';
export type { Finding, Severity, NotChecked, ToolName, PreflightContext } from './types.ts';
