/**
 * The course's topics, in the order the course teaches them: quiz questions and flashcards
 * both belong to one (src/course/ is what the study modes share about the course).
 */
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
