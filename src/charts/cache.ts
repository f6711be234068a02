/**
 * Recently drawn charts, by request. A class channel asks the same question many times
 * (`/optimal 6e22`, the same leaderboard): the same request gives the same PNG, so it is
 * drawn once. Identical requests in flight share one render; failures are not kept.
 */
import type { ChartRequest, RenderedChart } from './request.js';

export class ChartCache {
  private readonly entries = new Map<string, Promise<RenderedChart>>();

  constructor(private readonly capacity = 64) {}

  get(request: ChartRequest, render: (r: ChartRequest) => Promise<RenderedChart>) {
    const key = JSON.stringify(request);
    const hit = this.entries.get(key);
    if (hit) {
      // Most recently used last, so eviction drops the oldest.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const made = render(request);
    this.entries.set(key, made);
    made.catch(() => {
      if (this.entries.get(key) === made) this.entries.delete(key);
    });
    while (this.entries.size > this.capacity) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    return made;
  }

  get size(): number {
    return this.entries.size;
  }
}
