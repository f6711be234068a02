/** Messages between the pool and its worker threads. */
import type { ChartRequest } from './request.js';

export interface RenderJob {
  id: number;
  request: ChartRequest;
}

export type RenderResult =
  | {
      id: number;
      ok: true;
      /** PNG bytes, transferred rather than copied. */
      png: ArrayBuffer;
      alt: string;
      width: number;
      height: number;
      filename: string;
    }
  | { id: number; ok: false; message: string };
