import { InputError, quote } from '../input-error.js';

/** The three quantities of a scaling law. */
export type QuantityKind = 'compute' | 'params' | 'tokens';

interface KindInfo {
  noun: string;
  unitHint: string;
  example: string;
  min: number;
  max: number;
}

/** Bounds a typo is far more likely than a real model to cross. */
export const KINDS: Record<QuantityKind, KindInfo> = {
  compute: {
    noun: 'a compute budget',
    unitHint: 'compute is in FLOPs',
    example: '6e22',
    min: 1e12,
    max: 1e32,
  },
  params: {
    noun: 'a parameter count',
    unitHint: 'model size is in parameters',
    example: '70B',
    min: 1e3,
    max: 1e15,
  },
  tokens: {
    noun: 'a token count',
    unitHint: 'training data is in tokens',
    example: '1.4T',
    min: 1e3,
    max: 1e17,
  },
};

const UNIT_WORDS: Record<string, QuantityKind> = {
  flop: 'compute',
  flops: 'compute',
  token: 'tokens',
  tokens: 'tokens',
  param: 'params',
  params: 'params',
  parameter: 'params',
  parameters: 'params',
};

/** Multiplier words as powers of ten, so `1.4T` is read as the decimal 1.4e12, exactly. */
const MULTIPLIERS: Record<string, number> = {
  k: 3,
  thousand: 3,
  m: 6,
  mn: 6,
  million: 6,
  b: 9,
  bn: 9,
  billion: 9,
  t: 12,
  tn: 12,
  trillion: 12,
  quadrillion: 15,
};

const SUPERSCRIPTS: Record<string, string> = {
  '⁰': '0',
  '¹': '1',
  '²': '2',
  '³': '3',
  '⁴': '4',
  '⁵': '5',
  '⁶': '6',
  '⁷': '7',
  '⁸': '8',
  '⁹': '9',
  '⁻': '-',
  '⁺': '+',
};

// mantissa, then an optional power of ten in any of the ways people type one, then a word.
const NUMBER =
  /^(?<mantissa>[+-]?(?:\d[\d,_]*(?:\.\d*)?|\.\d+))(?:e(?<e>[+-]?\d+)|\s*[x×*·]\s*10\s*(?:\^|\*\*)\s*\(?(?<pow>[+-]?\d+)\)?|\s*[x×*·]\s*10(?<sup>[⁺⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+))?\s*(?<word>[a-z]+)?(?:\s+(?<unit>[a-z]+))?$/u;

type Scan =
  | { ok: true; value: number; unit?: string }
  | { ok: false; code: 'not_a_number' | 'not_finite'; problem: string };

/** Read a number with its power of ten, multiplier word and unit word; no range checks. */
function scan(text: string, noun: string): Scan {
  if (/^[+-]?(nan|inf(inity)?)$/.test(text) || text === '∞') {
    return { ok: false, code: 'not_finite', problem: `${capital(noun)} must be a finite number` };
  }
  const g = NUMBER.exec(text)?.groups;
  const unreadable = {
    ok: false,
    code: 'not_a_number',
    problem: `That is not ${noun} I can read`,
  } as const;
  if (!g) return unreadable;
  const mantissaText = (g.mantissa ?? '').replace(/[,_]/g, '');
  if (mantissaText === '' || Number.isNaN(Number(mantissaText))) return unreadable;
  const power =
    g.e ?? g.pow ?? (g.sup ? [...g.sup].map((c) => SUPERSCRIPTS[c]).join('') : undefined);
  let exponent = power === undefined ? 0 : Number(power);
  // A trailing word is a multiplier (B, billion), a unit (tokens), or both in that order.
  let unit = g.unit;
  if (g.word !== undefined) {
    const multiplier = MULTIPLIERS[g.word];
    if (multiplier !== undefined) exponent += multiplier;
    else if (unit === undefined) unit = g.word;
    else
      return {
        ok: false,
        code: 'not_a_number',
        problem: `I don't know the word "${g.word}" in ${noun}`,
      };
  }
  // One decimal parse of mantissa·10^exponent rounds once, so `5.76e23` comes back as typed
  // (5.76 × 10**23 would round twice and give 5.759999999999999e23).
  const value = Number(`${mantissaText}e${exponent}`);
  return { ok: true, value, unit };
}

/** Whole numbers in decimal digits only: `0x10`, `1e1`, `2.0` and `10k` are not integers here. */
const INTEGER = /^[+-]?\d+$/;
/** A decimal number as people type an option value (0.4, .5, 1e-3); no hex, no words. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/** The one reading of an integer option, on every platform; undefined if it is not one. */
export function parseInteger(input: string): number | undefined {
  const text = input.trim();
  return INTEGER.test(text) ? Number(text) : undefined;
}

/** The one reading of a plain numeric option (MFU, price); undefined if it is not one. */
export function parseDecimal(input: string): number | undefined {
  const text = input.trim();
  return DECIMAL.test(text) ? Number(text) : undefined;
}

/** Words that can follow a number inside one quantity: multipliers, units, GPU time, money. */
const QUANTITY_WORD =
  /^(?:flops?|tokens?|params?|parameters?|(?:a100|h100|h200|b200|gpu)s?(?:[\s-]*(?:hours?|hrs?|h|days?|d))?|hours?|hrs?|h|days?|d|usd|dollars?|\$|(?:pf|pfs|petaflop)(?:[\s/-]*s)?(?:[\s/-]*days?)?|s-days?)$/;

/**
 * Does a word continue the quantity before it (`70 billion`, `10000 H100-hours`,
 * `6e22 FLOPs`)? Free-text parsing uses it so an unknown word (`70B lots`) stays apart
 * and is reported as the next option's value instead of being swallowed.
 */
export function continuesQuantity(word: string): boolean {
  const w = word.trim().toLowerCase();
  return w in MULTIPLIERS || QUANTITY_WORD.test(w);
}

/** A plain number with an optional multiplier (`2M`, `10,000`, `1.5e3`), or undefined. */
export function readNumber(input: string): number | undefined {
  const result = scan(input.trim().toLowerCase(), 'a number');
  return result.ok && result.unit === undefined ? result.value : undefined;
}

/**
 * A number typed as an answer, read like /optimal reads its quantities (`2.24e10`, `22.4B`,
 * `6×10^22`, `1.4 trillion`, `-0.34`), with an optional unit word (`70B params`). No range
 * checks: the question's tolerance decides. Undefined when it is not such a number.
 */
export function readAnswerNumber(input: string): number | undefined {
  const result = scan(input.trim().toLowerCase(), 'a number');
  if (!result.ok || !Number.isFinite(result.value)) return undefined;
  return result.unit === undefined || result.unit in UNIT_WORDS ? result.value : undefined;
}

/**
 * Parse what people type for a count (`6e22`, `6×10^22`, `6·10²²`, `70B`, `1.4 trillion`,
 * `1,000,000`, `1_000`, with an optional unit word) into a number, checked against the
 * quantity it is meant to be. Throws InputError with a message fit to show the user.
 */
export function parseQuantity(input: string, kind: QuantityKind): number {
  const info = KINDS[kind];
  const text = input.trim().toLowerCase();
  if (text === '') {
    throw new InputError('empty', `Expected ${info.noun}, got nothing`, undefined, info.example);
  }
  const result = scan(text, info.noun);
  if (!result.ok) throw new InputError(result.code, result.problem, input, info.example);
  if (result.unit !== undefined) {
    const unitKind = UNIT_WORDS[result.unit];
    if (unitKind === undefined) {
      throw new InputError(
        'not_a_number',
        `I don't know the unit "${result.unit}"`,
        input,
        info.example,
      );
    }
    if (unitKind !== kind) {
      throw new InputError(
        'wrong_unit',
        `That is ${KINDS[unitKind].noun}; ${info.unitHint}`,
        input,
        info.example,
      );
    }
  }
  return checkRange(result.value, kind, input);
}

/** Reject zero, negatives, overflow and values outside the sane range for the quantity. */
export function checkRange(value: number, kind: QuantityKind, input: string): number {
  const info = KINDS[kind];
  const show = kind === 'compute' ? formatFlops : formatCount;
  if (!Number.isFinite(value)) {
    throw new InputError(
      'not_finite',
      `That number is too large to work with`,
      input,
      info.example,
    );
  }
  if (value <= 0) {
    throw new InputError(
      'not_positive',
      `${capital(info.noun)} must be greater than zero`,
      input,
      info.example,
    );
  }
  if (value < info.min || value > info.max) {
    throw new InputError(
      'out_of_range',
      `${capital(info.noun)} should be between ${show(info.min)} and ${show(info.max)}; ${quote(input)} is ${show(value)}`,
      undefined,
      info.example,
    );
  }
  return value;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const SUFFIXES: [number, string][] = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'K'],
];

/** Three significant figures without trailing zeros: 22.36 → "22.4", 447.2 → "447", 1.40 → "1.4". */
export function sig3(x: number): string {
  return String(Number(x.toPrecision(3)));
}

/** A count as people read it: 2.236e10 → "22.4B", 4.47e11 → "447B", 1.4e12 → "1.4T". */
export function formatCount(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  if (abs >= 1e15) return formatSci(x);
  for (const [size, suffix] of SUFFIXES) {
    // Round first, so 999.95e9 reads "1T" and not "1000B".
    if (Number(abs.toPrecision(3)) >= size) return `${sig3(x / size)}${suffix}`;
  }
  return sig3(x);
}

const TO_SUPERSCRIPT: Record<string, string> = Object.fromEntries(
  Object.entries(SUPERSCRIPTS).map(([sup, plain]) => [plain, sup]),
);

/** Scientific notation with Unicode: 6e22 → "6.0 × 10²²", 5.88e23 → "5.88 × 10²³". */
export function formatSci(x: number): string {
  if (!Number.isFinite(x) || x === 0) return String(x);
  let exponent = Math.floor(Math.log10(Math.abs(x)));
  let mantissa = Number((x / 10 ** exponent).toPrecision(3));
  if (Math.abs(mantissa) >= 10) {
    mantissa /= 10;
    exponent += 1;
  }
  const m = Number.isInteger(mantissa) ? mantissa.toFixed(1) : String(mantissa);
  const e = [...String(exponent)].map((c) => TO_SUPERSCRIPT[c] ?? c).join('');
  return `${m} × 10${e}`;
}

export const formatFlops = (x: number): string => `${formatSci(x)} FLOPs`;
export const formatTokens = (x: number): string => `${formatCount(x)} tokens`;
export const formatParams = (x: number): string => `${formatCount(x)} params`;
export const formatLoss = (x: number): string => x.toFixed(3);
export const formatRatio = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
export const formatPercent = (x: number): string => `${(x * 100).toFixed(1)}%`;
