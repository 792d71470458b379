/** Least-squares slope of y over x: e.g. milliseconds of start-up per added plug. */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const mx = mean(xs);
  const my = mean(ys);
  let covariance = 0;
  let variance = 0;
  xs.forEach((x, index) => {
    covariance += (x - mx) * (ys[index]! - my);
    variance += (x - mx) ** 2;
  });
  return covariance / variance;
}
