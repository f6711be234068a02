/**
 * What a reply asks the chart renderer to draw. Requests carry parameters, not pixels, so
 * they are small, serialisable (they cross into worker threads) and testable.
 */
export interface FitRef {
  /** A name from FITS, or 'custom' with its coefficients. */
  name: string;
  coefficients?: { E: number; A: number; B: number; alpha: number; beta: number };
}

export type ChartRequest =
  /** Loss against N at fixed compute C, each fit's optimum and the k:1 rule marked. */
  | { kind: 'isoflop'; compute: number; fits: FitRef[]; tokensPerParam: number }
  /** Loss against D for the user's N, their point and the compute-optimal point of the same C. */
  | { kind: 'loss-landscape'; params: number; tokens: number; fits: FitRef[] }
  /** Known models on log N × log D with D = 20N and iso-FLOP lines; optionally the user's. */
  | { kind: 'models'; highlight?: string; user?: { label: string; params: number; tokens: number } }
  /** Lifetime dollars against N along L(N, D) = loss; cheapest and Chinchilla-style marked. */
  | {
      kind: 'lifetime-cost';
      loss: number;
      fit: FitRef;
      dollarsPerTrainFlop: number;
      /** Inference dollars expressed as training tokens (D_eq). */
      equivalentTokens: number;
    }
  /** Your runs against a fitted law (loss vs tokens, one curve per model size) and the residuals. */
  | {
      kind: 'fit-runs';
      runs: { params: number; tokens: number; loss: number }[];
      coefficients: { E: number; A: number; B: number; alpha: number; beta: number };
    }
  /** Bar chart of scores (quiz round summary). */
  | {
      kind: 'scores';
      title: string;
      entries: { label: string; value: number }[];
      /** The value axis and the alt text's unit (default "Score" / "scores"). */
      axis?: { label: string; unit: string };
    }
  /** Due cards per day over the coming days (flashcard stats). */
  | { kind: 'due-forecast'; title: string; days: { label: string; value: number }[] };

/** A rendered chart, ready to attach. */
export interface RenderedChart {
  png: Buffer;
  /** Alt text stating what the chart shows and its key numbers (≤ 1000 chars). */
  alt: string;
  width: number;
  height: number;
  /** Suggested file name, e.g. `isoflop-6e22.png`. */
  filename: string;
}
