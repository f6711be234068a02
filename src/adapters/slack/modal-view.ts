/**
 * A neutral ModalRequest (src/interaction.ts) as a Slack modal opened with `views.open` and
 * the click's trigger_id (valid for 3 s). The view's callback_id is the submission's action
 * id; one input block per field (block_id and action_id both the field's id, so
 * `response_action: 'errors'` can point at it). private_metadata carries where the button
 * was, so the submission can update that message or answer in its channel.
 */
import type { ModalRequest } from '../../interaction.js';
import { MAX_FIELD } from '../../runtime/index.js';
import type { SlackClient } from './deliver.js';

/** Where the modal's button was: enough to update that message or answer beside it. */
export interface ModalOrigin {
  channel: string;
  ts?: string;
  ephemeral: boolean;
  /** The click's response_url (an ephemeral message is replaced through it). */
  url?: string;
}

const plain = (text: string, max: number) => ({
  type: 'plain_text' as const,
  text: text.length > max ? `${text.slice(0, max - 1)}…` : text,
});

export function modalView(modal: ModalRequest, origin: ModalOrigin) {
  return {
    type: 'modal' as const,
    callback_id: modal.id,
    // Slack's limits: title 24 characters, labels 2000, placeholders 150, metadata 3000.
    title: plain(modal.title, 24),
    submit: plain('Submit', 24),
    close: plain('Cancel', 24),
    private_metadata: JSON.stringify(origin).slice(0, 3000),
    blocks: modal.fields.map((field) => ({
      type: 'input' as const,
      block_id: field.id,
      label: plain(field.label, 2000),
      element: {
        type: 'plain_text_input' as const,
        action_id: field.id,
        max_length: MAX_FIELD,
        ...(field.placeholder ? { placeholder: plain(field.placeholder, 150) } : {}),
      },
    })),
  };
}

export async function openModal(
  client: SlackClient,
  triggerId: string,
  modal: ModalRequest,
  origin: ModalOrigin,
): Promise<void> {
  await client.views.open({ trigger_id: triggerId, view: modalView(modal, origin) });
}

/** The origin a submission's private_metadata names (empty when it is not ours). */
export function originOf(metadata: string | undefined): ModalOrigin {
  try {
    const o = JSON.parse(metadata ?? '{}') as Partial<ModalOrigin>;
    return {
      channel: typeof o.channel === 'string' ? o.channel : '',
      ...(typeof o.ts === 'string' ? { ts: o.ts } : {}),
      ephemeral: o.ephemeral === true,
      ...(typeof o.url === 'string' ? { url: o.url } : {}),
    };
  } catch {
    return { channel: '', ephemeral: false };
  }
}
