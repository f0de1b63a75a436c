/**
 * Axis ticks a reader can use: 1-2-5 steps on a linear axis (0, 10, 20 … not 10, 20, 31, 41),
 * and 1-2-5 per decade on a log axis. Pure, so the charts' axes are unit-tested.
 */
export interface Axis {
  /** The domain the axis spans: the data's range widened to whole ticks. */
  min: number;
  max: number;
  ticks: number[];
  log: boolean;
}

/** Drops float noise (0.30000000000000004 → 0.3) so ticks print and compare cleanly. */
const clean = (value: number) => Number(value.toPrecision(12));

/** The smallest 1, 2 or 5 × 10^k at least `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) throw new Error(`niceStep needs a positive finite number, got ${raw}`);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= raw * (1 - 1e-9));
  return clean(step ?? 10 * power);
}

/** A linear axis over [min, max] with at most `count` + 1 ticks on 1-2-5 steps. */
export function linearAxis(min: number, max: number, count = 5): Axis {
  if (max < min) throw new Error(`axis max ${max} is below min ${min}`);
  const step = niceStep((max - min || Math.abs(max) || 1) / count);
  const from = Math.floor(min / step + 1e-9);
  const to = Math.ceil(max / step - 1e-9);
  const ticks = Array.from({ length: Math.max(1, to - from) + 1 }, (_, i) => clean((from + i) * step));
  return { min: ticks[0] ?? min, max: ticks[ticks.length - 1] ?? max, ticks, log: false };
}

/** A log axis over whole decades around [min, max]; 1-2-5 ticks per decade while there are few decades. */
export function logAxis(min: number, max: number): Axis {
  if (!(min > 0) || max < min) throw new Error(`log axis needs 0 < min <= max, got ${min}..${max}`);
  const low = Math.floor(Math.log10(min) + 1e-9);
  const high = Math.max(low + 1, Math.ceil(Math.log10(max) - 1e-9));
  const multiples = high - low <= 3 ? [1, 2, 5] : [1];
  const ticks: number[] = [];
  for (let exponent = low; exponent <= high; exponent++) {
    for (const m of multiples) if (exponent < high || m === 1) ticks.push(clean(m * 10 ** exponent));
  }
  return { min: 10 ** low, max: 10 ** high, ticks, log: true };
}

/** Log when the data spans more than `ratio` (default 20×) and is positive; linear from 0 otherwise. */
export function autoAxis(values: readonly number[], ratio = 20): Axis {
  const positive = values.filter((v) => v > 0);
  const min = Math.min(...positive);
  const max = Math.max(...values, 0);
  return positive.length > 0 && max / min > ratio ? logAxis(min, max) : linearAxis(0, max || 1);
}

/** Maps a value on the axis to a pixel between `from` and `to` (either direction). */
export function scale(axis: Axis, from: number, to: number): (value: number) => number {
  const f = axis.log ? (v: number) => Math.log10(Math.max(v, axis.min)) : (v: number) => v;
  const a = f(axis.min);
  const b = f(axis.max);
  return (value) => from + ((f(value) - a) / (b - a || 1)) * (to - from);
}

/** A tick label: no float noise, no trailing zeros. */
export const tickLabel = (value: number) => String(clean(value));
