/** Preloaded by the benchmark (`node --require`): reports the process's peak RSS on exit. */
'use strict';
process.on('exit', () => {
  process.stderr.write(`BENCH_MAXRSS_KIB=${process.resourceUsage().maxRSS}\n`);
});
