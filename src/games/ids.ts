/** The id fields every session action carries: which session, which step. */
import { z } from 'zod';
import { errorReply, type Reply } from '../reply.js';

/** A session id: short, url-safe (random hex in production, readable names in tests). */
export const sessionId = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/);
export const stepIdx = z.number().int().min(0).max(999);
export const stepFields = { session: sessionId, step: stepIdx } as const;

/** The answer to a click whose id decodes to none of a command's actions. */
export const expiredReply = (command: string): Reply =>
  errorReply(
    'That button has expired',
    `This button is from an older version or is not one of /${command}'s. Run /${command} again for fresh buttons.`,
  );
