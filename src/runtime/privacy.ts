import type { Reply } from '../reply.js';

/**
 * The one rule for who sees a reply: private when the command says so, and every error,
 * whatever it says (a mistake is shown to the person who made it, not to the channel).
 */
export const isPrivateReply = (reply: Reply): boolean =>
  reply.visibility === 'private' || reply.tone === 'error';
