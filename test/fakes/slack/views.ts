/**
 * The fake Slack's modals: `views.open` checks the trigger (3 s, one use) and the view's
 * shape and limits as Slack does, keeps the view, and builds the `view_submission` payload a
 * user pressing Submit would send, with the typed values in `view.state.values`.
 */

export interface OpenedView {
  id: string;
  triggerId: string;
  callback_id: string;
  title: string;
  private_metadata: string;
  /** Input blocks: block_id, the element's action_id, label and placeholder. */
  inputs: { blockId: string; actionId: string; label: string; placeholder?: string }[];
}

interface RawView {
  type?: string;
  callback_id?: string;
  private_metadata?: string;
  title?: { type?: string; text?: string };
  blocks?: {
    type?: string;
    block_id?: string;
    label?: { text?: string };
    element?: { type?: string; action_id?: string; placeholder?: { text?: string } };
  }[];
}

export class FakeViews {
  readonly opened: OpenedView[] = [];
  private readonly usedTriggers = new Set<string>();
  private seq = 0;

  /** views.open: `{ ok: false, error }` as Slack answers a bad trigger or view. */
  open(body: Record<string, unknown>): Record<string, unknown> {
    const trigger = typeof body.trigger_id === 'string' ? body.trigger_id : '';
    const issued = Number(/^(\d+)\.trigger$/.exec(trigger)?.[1]);
    if (!Number.isFinite(issued)) return { ok: false, error: 'invalid_trigger_id' };
    if (Date.now() - issued > 3000) return { ok: false, error: 'expired_trigger_id' };
    if (this.usedTriggers.has(trigger)) return { ok: false, error: 'exchanged_trigger_id' };
    const view = (typeof body.view === 'string' ? JSON.parse(body.view) : body.view) as RawView;
    const title = view?.title?.text ?? '';
    const inputs = (view?.blocks ?? []).map((b) => ({
      blockId: b.block_id ?? '',
      actionId: b.element?.action_id ?? '',
      label: b.label?.text ?? '',
      type: `${b.type}/${b.element?.type}`,
      ...(b.element?.placeholder?.text ? { placeholder: b.element.placeholder.text } : {}),
    }));
    const invalid =
      view?.type !== 'modal' ||
      !title ||
      title.length > 24 ||
      !view.callback_id ||
      view.callback_id.length > 255 ||
      (view.private_metadata ?? '').length > 3000 ||
      inputs.length === 0 ||
      inputs.some((i) => i.type !== 'input/plain_text_input' || !i.blockId || !i.actionId);
    if (invalid) return { ok: false, error: 'invalid_arguments' };
    this.usedTriggers.add(trigger);
    const opened: OpenedView = {
      id: `V${String(++this.seq).padStart(8, '0')}`,
      triggerId: trigger,
      callback_id: view.callback_id!,
      title,
      private_metadata: view.private_metadata ?? '',
      inputs: inputs.map(({ type: _t, ...i }) => i),
    };
    this.opened.push(opened);
    return { ok: true, view: { id: opened.id, type: 'modal', callback_id: opened.callback_id } };
  }

  /** The `view_submission` payload for `view` submitted with these values by block id. */
  submission(
    view: OpenedView,
    values: Record<string, string>,
    user = { id: 'U0000001', name: 'ada' },
  ): Record<string, unknown> {
    const state: Record<string, Record<string, { type: string; value: string | null }>> = {};
    for (const input of view.inputs) {
      state[input.blockId] = {
        [input.actionId]: { type: 'plain_text_input', value: values[input.blockId] ?? null },
      };
    }
    return {
      type: 'view_submission',
      team: { id: 'T0000001', domain: 'course' },
      user: { id: user.id, username: user.name, name: user.name, team_id: 'T0000001' },
      api_app_id: 'A0000001',
      token: 'deprecated-verification-token',
      trigger_id: `${Date.now()}.trigger`,
      view: {
        id: view.id,
        team_id: 'T0000001',
        type: 'modal',
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        state: { values: state },
        hash: `${Date.now()}.hash`,
        title: { type: 'plain_text', text: view.title },
        blocks: [],
        close: null,
        submit: null,
        app_id: 'A0000001',
        bot_id: 'BBOT0001',
        root_view_id: view.id,
        previous_view_id: null,
        clear_on_close: false,
        notify_on_close: false,
      },
      response_urls: [],
      is_enterprise_install: false,
    };
  }
}
