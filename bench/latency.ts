/** The p-th percentile of latencies (ms), nearest rank. */
export function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Latencies in one line: the given percentiles and the maximum. */
export const latencyFigures = (xs: number[], percentiles: number[] = [50, 95, 99]): string =>
  [...percentiles.map((p) => `p${p} ${percentile(xs, p).toFixed(0)} ms`), `max ${Math.max(...xs).toFixed(0)} ms`].join(', ');
