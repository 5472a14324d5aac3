// Preloaded into a measured process (`node --import ./bench/max-rss.mjs …`): on exit it
// writes the process's peak resident memory to stderr, where the benchmark reads it.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `\nDISPATCH_BENCH_MAX_RSS_KB=${process.resourceUsage().maxRSS}\n`);
});
