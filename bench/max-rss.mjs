// Preloaded into a measured process (`node --import ./bench/max-rss.mjs …`): on exit it
// writes the process's peak resident memory and CPU time to stderr, where the benchmark reads them.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const usage = process.resourceUsage();
  writeSync(2, `\nDISPATCH_BENCH_USAGE maxRssKB=${usage.maxRSS} userUs=${usage.userCPUTime} systemUs=${usage.systemCPUTime}\n`);
});
