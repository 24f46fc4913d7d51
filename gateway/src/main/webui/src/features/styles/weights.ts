/**
 * A mix's weights always add up to 100: moving one slider to `value` shares what is left among the
 * others in proportion to their weights (evenly when they are all at zero), in whole percent, the
 * rounding given to the largest remainders.
 */
export function rebalance(weights: number[], index: number, value: number): number[] {
  if (weights.length < 2) return [100];
  const fixed = Math.max(0, Math.min(100, Math.round(value)));
  const others = weights.map((w, i) => (i === index ? 0 : Math.max(0, w)));
  const othersTotal = others.reduce((a, b) => a + b, 0);
  const rest = 100 - fixed;
  const count = weights.length - 1;
  const exact = others.map((w, i) => (i === index ? 0 : othersTotal === 0 ? rest / count : (rest * w) / othersTotal));
  const result = exact.map(Math.floor);
  let missing = rest - result.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((e, i) => ({ i, remainder: e - Math.floor(e) }))
    .filter(({ i }) => i !== index)
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (let k = 0; missing > 0; k = (k + 1) % byRemainder.length, missing--) result[byRemainder[k].i] += 1;
  result[index] = fixed;
  return result;
}

/** Even shares for a mix of `count` styles (100 split in whole percent, the first ones rounded up). */
export function evenWeights(count: number): number[] {
  const base = Math.floor(100 / count);
  return Array.from({ length: count }, (_, i) => base + (i < 100 - base * count ? 1 : 0));
}
