/** Option schemas several commands share, so their wording and limits agree. */
import { z } from 'zod';
import { FIT_NAMES } from '../src/scaling/fits.js';

export const fitOption = z
  .string()
  .max(200)
  .optional()
  .describe(`Which fit: ${FIT_NAMES.join(', ')}, all, a saved name, or E,A,B,α,β`);

/** Numbers arrive as text so `70B` and `6e22` work; the scaling core parses them. */
export const quantityText = (description: string) => z.string().max(200).describe(description);
