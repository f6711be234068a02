/**
 * A third session kind, sketched to prove new modes fit the engine without copying its
 * lifecycle: a host-paced round (no timers — the host reveals each prompt, which moves the
 * round on). The kind supplies its rows, phases and views; the engine does the rest: one
 * session per channel with a link, posting and keeping refs, host rights, stop with a
 * summary, the cross-channel refusal, resume after a restart.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { defineAction } from '../../src/actions.js';
import { stepFields } from '../../src/games/ids.js';
import {
  SessionEngine,
  type SessionIO,
  type SessionKind,
  type SessionRow,
  type SessionStore,
  type StepRow,
} from '../../src/games/session.js';
import type { InteractionContext } from '../../src/interaction.js';
import type { Reply } from '../../src/reply.js';
import { context, FakeClock, MemoryMessenger } from '../quiz/fakes.js';

const revealAction = defineAction('host', 'reveal', stepFields, { moderators: true });

interface Prompt extends StepRow {
  text: string;
  status: 'pending' | 'shown' | 'revealed';
}

/** The kind's storage: a map here; a real kind would use the store's session tables. */
class Rows implements SessionStore<SessionRow, Prompt> {
  sessions = new Map<string, SessionRow>();
  prompts = new Map<string, Prompt[]>();
  get = async (id: string) => this.sessions.get(id);
  runningInChannel = async (platform: string, channelId: string) =>
    [...this.sessions.values()].find(
      (s) => s.platform === platform && s.channel_id === channelId && s.status === 'running',
    );
  runningChannel = async () => [...this.sessions.values()].filter((s) => s.status === 'running');
  step = async (id: string, idx: number) => this.prompts.get(id)?.[idx];
  setMessage = async (id: string, idx: number, ref: { channelId: string; messageId: string }) => {
    Object.assign(this.prompts.get(id)![idx]!, {
      message_platform: 'discord',
      message_channel: ref.channelId,
      message_id: ref.messageId,
    });
  };
  finish = async (id: string, status: 'finished' | 'stopped') => {
    const s = this.sessions.get(id)!;
    if (s.status !== 'running') return false;
    s.status = status;
    return true;
  };
}

class HostPaced implements SessionKind<SessionRow, Prompt> {
  constructor(
    readonly store: Rows,
    private readonly io: SessionIO,
  ) {}
  phase = (p: Prompt) =>
    (p.status === 'shown' ? 'live' : p.status === 'revealed' ? 'done' : 'pending') as 'live';
  async open(s: SessionRow, idx: number) {
    const p = this.store.prompts.get(s.id)![idx]!;
    p.status = 'shown';
    s.current = idx;
    const post: Reply = {
      title: `Prompt ${idx + 1}/${s.count}`,
      summary: p.text,
      actions: [[{ id: revealAction.encode({ session: s.id, step: idx }), label: 'Reveal' }]],
      visibility: 'public',
    };
    return { post, deadline: null }; // no timer: the host moves it on
  }
  async move(s: SessionRow, idx: number) {
    const p = this.store.prompts.get(s.id)![idx]!;
    if (p.status !== 'shown') return undefined;
    p.status = 'revealed';
    await this.io.edit(s, p, {
      title: `Prompt ${idx + 1}`,
      summary: `${p.text} ✔`,
      visibility: 'public',
    });
    return 'done' as const;
  }
  async close(s: SessionRow, idx: number) {
    await this.move(s, idx);
  }
  liveView = async () => undefined;
  summary = async (s: SessionRow, status: string): Promise<Reply> => ({
    title: `Host round ${status}`,
    summary: `${s.count} prompts`,
    visibility: 'public',
  });
  started = (s: SessionRow): Reply => ({
    title: 'Host round started',
    summary: s.id,
    visibility: 'private',
  });
  busy = (s: SessionRow) => ({
    what: `a host round (prompt ${s.current + 1})`,
    join: 'Look above.',
    key: 'hostId',
  });
}

let clock: FakeClock;
let channel: MemoryMessenger;
let rows: Rows;
let engine: SessionEngine<SessionRow, Prompt>;
const make = () =>
  new SessionEngine(
    {
      messengers: { discord: channel },
      ...clock.deps,
    },
    { label: 'host', noun: 'host round', step: 'prompt' },
    (io) => new HostPaced(rows, io),
  );

function create(ctx: InteractionContext, texts: string[]) {
  return async () => {
    const id = `h${rows.sessions.size + 1}`;
    const session: SessionRow = {
      id,
      platform: ctx.platform,
      server_id: ctx.server?.id ?? '',
      channel_id: ctx.channel.id,
      starter_id: ctx.user.id,
      starter_name: ctx.user.name,
      status: 'running',
      count: texts.length,
      current: 0,
    };
    rows.sessions.set(id, session);
    rows.prompts.set(
      id,
      texts.map((text, idx) => ({
        idx,
        text,
        status: 'pending',
        deadline_at: null,
        message_platform: null,
        message_channel: null,
        message_id: null,
      })),
    );
    return session;
  };
}

/** What a command's onAction would do with a click: decode, the shared prelude, the control. */
async function clickReveal(id: string, ctx: InteractionContext) {
  const v = revealAction.decode(id);
  if (!v) return 'expired';
  const found = await engine.clicked(v.session, v.step, ctx);
  if (!('session' in found)) return found.title;
  const done = await engine.control(found.session, v.step, 'reveal', ctx, 'reveal');
  return typeof done === 'boolean' ? done : done.title;
}

beforeEach(() => {
  clock = new FakeClock();
  channel = new MemoryMessenger('discord', clock);
  rows = new Rows();
  engine = make();
});

describe('a host-paced round on the shared engine', () => {
  it('posts, lets only the host move it on, needs no timers, and sums up', async () => {
    const host = context('ada', { messenger: channel });
    expect((await engine.launch(host, create(host, ['one', 'two']))).title).toBe(
      'Host round started',
    );
    expect(clock.pendingTimers).toBe(0);
    const busy = await engine.launch(host, create(host, ['x']));
    expect(busy.title).toBe('A host round is already running here');
    expect(busy.data).toMatchObject({ hostId: 'h1' });

    const first = channel.last().reply.actions![0]![0]!.id;
    expect(await clickReveal(first, context('ben', { messenger: channel }))).toBe('Not allowed');
    expect(await clickReveal(first, context('ben', { channel: 'other' }))).toMatch(
      /^Not this channel/,
    );
    expect(await clickReveal(first, host)).toBe(true);
    expect(await clickReveal(first, host)).toBe(false); // already moved on
    expect(channel.posts.map((p) => p.reply.title)).toEqual(['Prompt 1/2', 'Prompt 2/2']);

    // A restart: a new engine over the same rows picks the round up where it was.
    engine.close();
    engine = make();
    expect(await engine.resume()).toBe(1);
    await clickReveal(channel.last().reply.actions![0]![0]!.id, host);
    await engine.idle();
    expect(channel.last().reply.title).toBe('Host round finished');
    expect(channel.edits.map((e) => e.reply.summary)).toEqual(['one ✔', 'two ✔']);
    expect(await clickReveal('host:reveal:h1', host)).toBe('expired');
  });
});
