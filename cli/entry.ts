import { main } from './main.js';

// The build calls main() again, in the same process, on sample inputs to make the code cache (build.mjs).
export { main };

// EPIPE (e.g. `trailguard scan | head`) is not an error worth a stack trace.
// Any other failed write (ENOSPC on a full disk…) is reported by main() as exit status 2.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.exitCode = 2;
});

/** The run of the command line the bundle was started with: settles with its exit status (bin/trailguard.js). */
export const finished: Promise<number> = main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    return code;
  },
  (e: unknown) => {
    process.stderr.write(`trailguard: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    process.exitCode = 2;
    return 2;
  },
);
