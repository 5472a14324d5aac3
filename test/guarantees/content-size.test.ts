/**
 * Content files too big to be content, through `dispatch send` as a user runs
 * it: refused from their size, before they are read (read and parsed, a 50 MB
 * issue took 1.8 GB of memory, and 150 MB ran Node out of memory, exit 134).
 */
import { mkdtempSync, readFileSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'vitest';
import { SAMPLE_ISSUE, tempContent } from '../support/content.ts';
import { runDispatch } from '../support/run-script.ts';
import { recordDir } from '../support/secret-scan.ts';
import { BASE_ENV } from '../support/run-script.ts';
import { workspace } from '../support/workspace.ts';
import { expectRefused } from '../support/refusal.ts';

describe('content files over 1 MB (exit 2, one line with the size, nothing sent)', () => {
  // Sparse files: 150 MB long, no disk used.
  it.each([
    ['an issue file of 150 MB', 'issues/hostile.yaml', /hostile\.yaml: the file is 150\.0 MB, more than the 1 MB a content file may be; check that it is the file you meant$/],
    ['a brand file of 150 MB', 'brand.yaml', /brand\.yaml: the file is 150\.0 MB, more than the 1 MB a content file may be; check that it is the file you meant$/],
  ])('%s', (_name, file, message) => {
    const content = tempContent({ 'hostile.yaml': readFileSync(SAMPLE_ISSUE, 'utf8') });
    recordDir(content.dir);
    truncateSync(path.join(content.dir, file), 150_000_000);
    const ws = workspace(3);
    const cwd = mkdtempSync(path.join(tmpdir(), 'dispatch-size-'));
    const args = ['send', content.issue('hostile.yaml'), '--audience', ws.audience, '--db', ws.db, '--outbox', ws.outbox, '--brand', path.join(content.dir, 'brand.yaml'), '--yes'];
    const result = runDispatch(args, BASE_ENV, cwd);
    expectRefused({ code: result.status, stdout: result.stdout, stderr: result.stderr }, message, { outbox: ws.outbox });
  });
});
