/**
 * Milliseconds from an arbitrary origin, for stage timings. The `performance` global loads Node's
 * perf_hooks module on first access (1–4 ms of start-up); hrtime is already loaded.
 */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
