/** Throwaway workspaces for a send: a temp folder with an audience file, a record path and an outbox path. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { recordDir } from './secret-scan.ts';

export type Workspace = Readonly<{
  dir: string;
  /** `audience.csv` in the folder. */
  audience: string;
  /** The campaign record, `record/dispatch.db` (the send creates the folder). */
  db: string;
  /** The outbox folder (not created). */
  outbox: string;
  /** The report the send writes for `campaign` through `transport` (default `resend`). */
  report: (campaign: string, transport?: string) => string;
  /** Writes `content` to the file `name` in the folder; returns its path. */
  file: (name: string, content: string) => string;
}>;

export type WorkspaceOptions = Readonly<{
  /** How the temp folder's name begins. Default: `dispatch-test-`. */
  prefix?: string;
  /** The audience file's whole text, instead of made-up subscribers. Default: `rows` of them. */
  audience?: string;
}>;

/**
 * A temp folder whose audience has `rows` made-up subscribers
 * (`user<i>@example.org,User <i>`), or the text given. The folder is on the
 * secret scan's ledger (secret-scan.ts): a suite that scans finds every file
 * its runs wrote there, and removes the folder after.
 */
export function workspace(rows = 0, options: WorkspaceOptions = {}): Workspace {
  const dir = mkdtempSync(path.join(tmpdir(), options.prefix ?? 'dispatch-test-'));
  recordDir(dir);
  const file = (name: string, content: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, content);
    return p;
  };
  const lines = ['email,first_name'];
  for (let i = 0; i < rows; i++) lines.push(`user${i}@example.org,User ${i}`);
  const audience = file('audience.csv', options.audience ?? `${lines.join('\n')}\n`);
  return {
    dir,
    audience,
    db: path.join(dir, 'record', 'dispatch.db'),
    outbox: path.join(dir, 'outbox'),
    report: (campaign, transport = 'resend') => path.join(dir, 'record', `${campaign}.${transport}.report.json`),
    file,
  };
}
