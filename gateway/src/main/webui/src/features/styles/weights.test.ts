import { describe, expect, it } from 'vitest';
import { evenWeights, rebalance } from './weights';

const sum = (w: number[]) => w.reduce((a, b) => a + b, 0);

describe('a mix’s weights', () => {
  it('give the rest to the only other style', () => {
    expect(rebalance([50, 50], 0, 60)).toEqual([60, 40]);
  });

  it('share the rest among the others in proportion, and always add up to 100', () => {
    expect(rebalance([40, 40, 20], 0, 70)).toEqual([70, 20, 10]);
    for (const value of [0, 1, 33, 67, 99, 100]) {
      expect(sum(rebalance([25, 25, 25, 25], 2, value))).toBe(100);
      expect(rebalance([25, 25, 25, 25], 2, value)[2]).toBe(value);
    }
  });

  it('share evenly when the others are all at zero', () => {
    expect(rebalance([100, 0, 0], 0, 40)).toEqual([40, 30, 30]);
  });

  it('split evenly to start with', () => {
    expect(evenWeights(2)).toEqual([50, 50]);
    expect(evenWeights(3)).toEqual([34, 33, 33]);
    expect(sum(evenWeights(4))).toBe(100);
  });
});
