import { CITATIONS } from './citations.js';
import { trainingFlops } from './compute.js';

/** A published model: its size, its training tokens and where those numbers come from. */
export interface KnownModel {
  id: string;
  name: string;
  params: number;
  tokens: number;
  year: number;
  source: string;
  /** Compute the authors reported, where it differs from 6ND or adds to it. */
  reportedFlops?: number;
  note?: string;
}

/** Gopher's and Chinchilla's sizes, shared by their entries and the note comparing them. */
const GOPHER = { params: 280e9, tokens: 300e9 };
const CHINCHILLA = { params: 70e9, tokens: 1.4e12 };
/** A ratio as the note prints it: 4 stays "4", 4.67 becomes "4.7". */
const times = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(1));

export const KNOWN_MODELS: KnownModel[] = [
  {
    id: 'gpt-3',
    name: 'GPT-3 175B',
    params: 175e9,
    tokens: 300e9,
    year: 2020,
    source: CITATIONS.brown2020,
  },
  {
    id: 'gopher',
    name: 'Gopher 280B',
    ...GOPHER,
    year: 2021,
    source: `${CITATIONS.hoffmann2022}, Table 1`,
    reportedFlops: 5.76e23,
    note: 'Hoffmann et al. quote 5.76 × 10²³ FLOPs for Gopher and, counted in more detail, 6.3 × 10²³.',
  },
  {
    id: 'chinchilla',
    name: 'Chinchilla 70B',
    ...CHINCHILLA,
    year: 2022,
    source: `${CITATIONS.hoffmann2022}, Table 1`,
    note:
      `Trained on about the same compute as Gopher, with ${times(GOPHER.params / CHINCHILLA.params)}× fewer parameters ` +
      `and ${times(CHINCHILLA.tokens / GOPHER.tokens)}× more data; it beat Gopher on most evaluations ` +
      '(Hoffmann et al. 2022, §4.2). AdamW, a modified tokenizer and a re-weighted data mix also differed (§4.1).',
  },
  {
    id: 'mt-nlg',
    name: 'MT-NLG 530B',
    params: 530e9,
    tokens: 270e9,
    year: 2022,
    source: `${CITATIONS.hoffmann2022}, Table 1`,
  },
  {
    id: 'lamda',
    name: 'LaMDA 137B',
    params: 137e9,
    tokens: 168e9,
    year: 2022,
    source: `${CITATIONS.hoffmann2022}, Table 1`,
  },
  {
    id: 'jurassic-1',
    name: 'Jurassic-1 178B',
    params: 178e9,
    tokens: 300e9,
    year: 2021,
    source: `${CITATIONS.hoffmann2022}, Table 1`,
  },
  {
    id: 'palm',
    name: 'PaLM 540B',
    params: 540e9,
    tokens: 780e9,
    year: 2022,
    source: CITATIONS.chowdhery2022,
  },
  {
    id: 'llama-7b',
    name: 'LLaMA 7B',
    params: 6.7e9,
    tokens: 1.0e12,
    year: 2023,
    source: CITATIONS.touvron2023,
  },
  {
    id: 'llama-13b',
    name: 'LLaMA 13B',
    params: 13.0e9,
    tokens: 1.0e12,
    year: 2023,
    source: CITATIONS.touvron2023,
  },
  {
    id: 'llama-33b',
    name: 'LLaMA 33B',
    params: 32.5e9,
    tokens: 1.4e12,
    year: 2023,
    source: CITATIONS.touvron2023,
  },
  {
    id: 'llama-65b',
    name: 'LLaMA 65B',
    params: 65.2e9,
    tokens: 1.4e12,
    year: 2023,
    source: CITATIONS.touvron2023,
  },
  {
    id: 'llama-2-7b',
    name: 'Llama 2 7B',
    params: 7e9,
    tokens: 2e12,
    year: 2023,
    source: CITATIONS.llama2card,
  },
  {
    id: 'llama-2-13b',
    name: 'Llama 2 13B',
    params: 13e9,
    tokens: 2e12,
    year: 2023,
    source: CITATIONS.llama2card,
  },
  {
    id: 'llama-2-70b',
    name: 'Llama 2 70B',
    params: 70e9,
    tokens: 2e12,
    year: 2023,
    source: CITATIONS.llama2card,
  },
  {
    id: 'llama-3-8b',
    name: 'Llama 3 8B',
    params: 8e9,
    tokens: 15e12,
    year: 2024,
    source: CITATIONS.llama3card,
    note: 'The model card says "over 15 trillion" tokens; 15T is used here.',
  },
  {
    id: 'llama-3-70b',
    name: 'Llama 3 70B',
    params: 70e9,
    tokens: 15e12,
    year: 2024,
    source: CITATIONS.llama3card,
    note: 'The model card says "over 15 trillion" tokens; 15T is used here.',
  },
  {
    id: 'llama-3.1-405b',
    name: 'Llama 3.1 405B',
    params: 405e9,
    tokens: 15.6e12,
    year: 2024,
    source: `${CITATIONS.llama3}, §1`,
    reportedFlops: 3.8e25,
    note: "Meta's own scaling law predicted 402B parameters on 16.55T tokens for this budget.",
  },
];

export const modelCompute = (m: KnownModel): number => trainingFlops(m.params, m.tokens);

const normalise = (s: string): string => s.toLowerCase().replace(/[^a-z0-9.]/g, '');

/** Find a model by id or name, forgiving case, spaces and dashes ("Llama 3 70B" = "llama-3-70b"). */
export function findModel(query: string): KnownModel | undefined {
  const q = normalise(query);
  if (q === '') return undefined;
  return KNOWN_MODELS.find((m) => normalise(m.id) === q || normalise(m.name) === q);
}

/** Models whose id or name contains the text, for suggestions. */
export function searchModels(query: string, limit = 25): KnownModel[] {
  const q = normalise(query);
  return KNOWN_MODELS.filter(
    (m) => normalise(m.id).includes(q) || normalise(m.name).includes(q),
  ).slice(0, limit);
}
