import { isoflopSpec } from './kinds/isoflop.js';
import { landscapeSpec } from './kinds/loss-landscape.js';
import { fitRunsSpec } from './kinds/fit-runs.js';
import { lifetimeCostSpec } from './kinds/lifetime-cost.js';
import { modelsSpec } from './kinds/models.js';
import { dueForecastSpec, scoresSpec } from './kinds/bars.js';
import type { ChartRequest } from './request.js';
import type { ChartSpec } from './spec.js';

/** The spec for a request: pure computation, no canvas. Throws on a request it cannot draw. */
export function buildSpec(req: ChartRequest): ChartSpec {
  switch (req.kind) {
    case 'isoflop':
      return isoflopSpec(req);
    case 'loss-landscape':
      return landscapeSpec(req);
    case 'models':
      return modelsSpec(req);
    case 'lifetime-cost':
      return lifetimeCostSpec(req);
    case 'fit-runs':
      return fitRunsSpec(req);
    case 'scores':
      return scoresSpec(req);
    case 'due-forecast':
      return dueForecastSpec(req);
    default:
      throw new Error(`Unknown chart kind ${(req as { kind?: unknown }).kind}`);
  }
}

/** The alt text of a request's chart, without drawing it (e.g. for a text-only fallback). */
export const chartAlt = (req: ChartRequest): string => buildSpec(req).alt;
