/** The course topics a question can belong to, in the order the course teaches them. */
export const TOPICS = {
  'scaling-laws': 'What a scaling law is: the power-law form',
  'n-d-c': 'Parameters N, tokens D and compute C',
  'kaplan-vs-chinchilla': "Kaplan's allocation and Chinchilla's correction",
  'compute-optimal': 'The compute-optimal rule and C ≈ 6ND',
  inference: 'Over-training for inference',
  prediction: 'What fitting a law lets you predict',
  exponents: 'Why a better exponent beats a one-size win',
  limits: 'The limits of scaling laws',
  economics: 'Economics and data limits',
  emergence: 'Emergent abilities',
} as const;

export type Topic = keyof typeof TOPICS;
export const TOPIC_IDS = Object.keys(TOPICS) as [Topic, ...Topic[]];

export const DIFFICULTIES = ['easy', 'medium', 'hard'] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

export const SOURCES = ['mixed', 'bank', 'generated'] as const;
export type QuestionSource = (typeof SOURCES)[number];
