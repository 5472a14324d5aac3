/** Writing throwaway content files for tests. */
import { mkdtempSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const SAMPLE_ISSUE = 'content/issues/2024-09-23-podcast-advocacy-updates.yaml';
export const SAMPLE_ACTION_ALERT = 'content/issues/2024-10-02-email-your-mp-arms-embargo.yaml';
export const BRAND = 'content/brand.yaml';

/** A temp content folder with the real brand and the given issue files (name → YAML text). */
export function tempContent(issues: Record<string, string | Buffer>): { dir: string; issue: (name: string) => string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'dispatch-content-'));
  mkdirSync(path.join(dir, 'issues'));
  copyFileSync(BRAND, path.join(dir, 'brand.yaml'));
  for (const [name, text] of Object.entries(issues)) writeFileSync(path.join(dir, 'issues', name), text);
  return { dir, issue: (name) => path.join(dir, 'issues', name) };
}
