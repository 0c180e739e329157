// The few statistics the bench reports: nearest-rank percentiles and a least-squares slope.

/** Nearest-rank percentile. */
export const percentile = (values: ArrayLike<number>, fraction: number): number => {
  const sorted = Float64Array.from(values).sort();
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
};

export const median = (values: ArrayLike<number>): number => percentile(values, 0.5);

/** Slope of the least-squares line through the points: change in y per unit of x. */
export const slope = (points: readonly { readonly x: number; readonly y: number }[]): number => {
  const n = points.length;
  const meanX = points.reduce((sum, point) => sum + point.x, 0) / n;
  const meanY = points.reduce((sum, point) => sum + point.y, 0) / n;
  const covariance = points.reduce((sum, point) => sum + (point.x - meanX) * (point.y - meanY), 0);
  const variance = points.reduce((sum, point) => sum + (point.x - meanX) ** 2, 0);
  return covariance / variance;
};

export const round1 = (value: number): number => Math.round(value * 10) / 10;
export const round3 = (value: number): number => Math.round(value * 1000) / 1000;
