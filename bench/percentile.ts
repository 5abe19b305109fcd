/** The value at `fraction` (0..1) of an ascending sample (nearest rank, clamped to the last). */
export function percentile(sorted: ArrayLike<number>, fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? NaN;
}
