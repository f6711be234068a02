/**
 * The playground's modals: a click whose result is a ModalRequest hands it to the page, which
 * shows a small in-page form; its submission comes back on POST /api/submit. As on Discord
 * and Slack, only a modal the server opened for that classmate can be submitted, once, with
 * the fields it declared, within 15 minutes.
 */
import type { ModalRequest } from '../../interaction.js';
import { HttpError } from './http.js';

const TTL_MS = 15 * 60 * 1000;
/** Open modals kept at once (older ones are dropped first). */
const MAX_OPEN = 200;

interface Open {
  userId: string;
  messageId: string;
  modal: ModalRequest;
  at: number;
}

export class PendingModals {
  private readonly open = new Map<string, Open>();
  constructor(private readonly now: () => number = Date.now) {}

  remember(userId: string, messageId: string, modal: ModalRequest): void {
    const key = `${userId}\u0000${modal.id}`;
    this.open.delete(key);
    this.open.set(key, { userId, messageId, modal, at: this.now() });
    while (this.open.size > MAX_OPEN) this.open.delete(this.open.keys().next().value!);
  }

  /** The message a submission belongs to, checked; the modal stays open until `close`. */
  check(userId: string, actionId: string, fields: unknown): { messageId: string } {
    const found = this.open.get(`${userId}\u0000${actionId}`);
    if (!found || this.now() - found.at > TTL_MS)
      throw new HttpError(409, 'That form is no longer open: press the button again.');
    const declared = new Set(found.modal.fields.map((f) => f.id));
    const given = fields && typeof fields === 'object' ? Object.entries(fields) : undefined;
    if (
      !given ||
      given.length !== declared.size ||
      given.some(([k, v]) => !declared.has(k) || typeof v !== 'string')
    ) {
      const names = [...declared].join(', ');
      throw new HttpError(400, `Send fields {${names}} as text, e.g. {"value":"22.4B"}.`);
    }
    return { messageId: found.messageId };
  }

  close(userId: string, actionId: string): void {
    this.open.delete(`${userId}\u0000${actionId}`);
  }
}
