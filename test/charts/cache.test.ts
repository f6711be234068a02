import { describe, expect, it } from 'vitest';
import { ChartCache } from '../../src/charts/cache.js';
import type { ChartRequest, RenderedChart } from '../../src/charts/request.js';

const chart = (n: number): RenderedChart => ({
  png: Buffer.from([n]),
  alt: `chart ${n}`,
  width: 1,
  height: 1,
  filename: `${n}.png`,
});
const req = (compute: number): ChartRequest => ({
  kind: 'isoflop',
  compute,
  fits: [{ name: 'epoch2024' }],
  tokensPerParam: 20,
});

describe('chart cache', () => {
  it('draws an identical request once, even while the first is in flight', async () => {
    const cache = new ChartCache();
    let renders = 0;
    const render = async () => chart(++renders);
    const [a, b] = await Promise.all([cache.get(req(6e22), render), cache.get(req(6e22), render)]);
    expect(renders).toBe(1);
    expect(a).toBe(b);
    await cache.get(req(7e22), render);
    expect(renders).toBe(2);
  });

  it('forgets failures and evicts the least recently used', async () => {
    const cache = new ChartCache(2);
    let renders = 0;
    const failing = () => Promise.reject(new Error('boom'));
    await expect(cache.get(req(1e20), failing)).rejects.toThrow('boom');
    await Promise.resolve();
    expect(cache.size).toBe(0);
    const ok = async () => chart(++renders);
    await cache.get(req(1e20), ok);
    await cache.get(req(2e20), ok);
    await cache.get(req(1e20), ok); // touch: 2e20 is now the oldest
    await cache.get(req(3e20), ok); // evicts 2e20
    expect(cache.size).toBe(2);
    await cache.get(req(1e20), ok);
    expect(renders).toBe(3);
    await cache.get(req(2e20), ok);
    expect(renders).toBe(4);
  });
});
