// Loaded first with --require: prints the process's peak RSS (KiB) when it exits.
process.on('exit', () => {
  process.stdout.write(`${JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS })}\n`);
});
