/**
 * tsx bench/markdown.ts [bench-results/latest.json]
 * Prints a results file's table in Markdown, with its date, commit and machine,
 * for BENCHMARKS.md.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './context.ts';
import { formatMarkdown } from './report.ts';
import type { BenchResults } from './run.ts';

const file = process.argv[2] ?? path.join(ROOT, 'bench-results/latest.json');
const results = JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
const m = results.machine;
console.log(formatMarkdown(results.rows));
console.log();
console.log(
  `Measured ${results.date.slice(0, 16).replace('T', ' ')} UTC` +
    `${results.git.commit ? ` at commit ${results.git.commit.slice(0, 7)}${results.git.dirty ? ' (with uncommitted changes)' : ''}` : ''}` +
    ` with \`${results.command}\`: Node ${m.node}, ${m.cpus} × ${m.cpuModel}, ${m.memoryGB} GB, load average ${m.loadAverage.start[0]!.toFixed(1)} at the start and ${m.loadAverage.end[0]!.toFixed(1)} at the end; ${(results.durationMs / 60000).toFixed(1)} min.`,
);
