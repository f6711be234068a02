/** The adapter contract for Discord: the real discord.js client against test/fakes/discord. */
import { MessageFlags, type APIMessage } from 'discord.js';
import { commands } from '../../commands/index.js';
import { startBot, tinyRenderer } from '../fakes/discord/bot.js';
import { bodyOf, IDS, startFakeDiscord, type RecordedCall } from '../fakes/discord/index.js';
import { limitProblems, type MessageJSON } from '../fakes/discord/limits.js';
import type { ContractHarness, Seen } from './harness.js';
import { probe } from './probe.js';
import { runContract } from './suite.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SETTLE_MS = 300;

const seen = (m: APIMessage): Seen => ({
  text: JSON.stringify({ content: m.content, embeds: m.embeds }),
  private: ((m.flags ?? 0) & MessageFlags.Ephemeral) !== 0,
  buttons: (m.components ?? []).flatMap((row) =>
    'components' in row
      ? row.components.flatMap((c) => ('custom_id' in c && c.custom_id ? [c.custom_id] : []))
      : [],
  ),
});

/** The message a call carried, if it carried one (callbacks carry theirs in `data`). */
function messageBody(call: RecordedCall): MessageJSON | undefined {
  if (call.method === 'GET' || call.method === 'DELETE' || !call.body) return undefined;
  // Starting a thread sends its name, not a message.
  if (call.path.endsWith('/threads')) return undefined;
  const body = bodyOf(call);
  if (call.path.includes('/callback')) return (body.data as MessageJSON | undefined) ?? undefined;
  if (call.path.includes('/messages') || call.path.startsWith('/webhooks/'))
    return body as MessageJSON;
  return undefined;
}

async function startDiscordHarness(): Promise<ContractHarness> {
  const fake = await startFakeDiscord();
  const bot = await startBot(fake, {
    commands: [...commands, probe],
    renderChart: tinyRenderer,
    deferAfterMs: 300,
  });
  let user = 100;
  const freshUser = () => `16000000000000${String(++user).padStart(4, '0')}`;

  /** The messages an interaction made, once it answered and settled. */
  const answerOf = async (id: string) => {
    const messages = () => {
      const ids = new Set<string>();
      const original = fake.originalOf(id);
      if (original) ids.add(original);
      for (const c of fake.callsFor(id)) {
        const made = (c.response as { id?: string } | undefined)?.id;
        if (c.method === 'POST' && made) ids.add(made);
      }
      return [...ids].flatMap((m) => (fake.messages.has(m) ? [fake.messages.get(m)!] : []));
    };
    const loading = (m: APIMessage) => ((m.flags ?? 0) & MessageFlags.Loading) !== 0;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !messages().some((m) => !loading(m))) await sleep(20);
    await sleep(SETTLE_MS);
    return {
      seen: messages()
        .filter((m) => !loading(m))
        .map(seen),
      ackMs: fake.firstResponseMs(id) ?? Infinity,
    };
  };

  const channelPost = /^\/channels\/\d+\/messages/;
  return {
    platform: 'discord',
    messenger: bot.messenger,
    channelId: IDS.channel,
    probe: (what) => answerOf(fake.command('probe', { what }, { userId: freshUser() })),
    click: (ref, actionId) => answerOf(fake.click(actionId, ref.messageId, freshUser())),
    async shown(ref) {
      const m = fake.messages.get(ref.messageId);
      return m && seen(m);
    },
    async threadOf(ref) {
      const m = fake.messages.get(ref.messageId);
      return m && fake.threads.byId.has(m.channel_id) ? m.channel_id : undefined;
    },
    async publicText() {
      return [...fake.messages.values()]
        .map(seen)
        .filter((s) => !s.private)
        .map((s) => s.text)
        .join('\n');
    },
    limitProblems: () =>
      fake.calls.flatMap((c) => {
        const m = messageBody(c);
        return m && c.status < 300 ? limitProblems(m) : [];
      }),
    refuse: {
      not_in_channel: () =>
        fake.fail({
          path: channelPost,
          status: 403,
          code: 50001,
          message: 'Missing Access',
          times: Infinity,
        }),
      missing_permission: () =>
        fake.fail({
          path: channelPost,
          status: 403,
          code: 50013,
          message: 'Missing Permissions',
          times: Infinity,
        }),
      // discord.js retries a 500 (three more tries) before it gives up.
      platform_error: () => fake.fail({ path: channelPost, status: 500, times: Infinity }),
    },
    goneMessage: () => ({
      platform: 'discord',
      channelId: IDS.channel,
      messageId: '1999999999999999999',
    }),
    clearRefusals: () => fake.clearFailures(),
    hintMentions: {
      not_in_channel: /View Channel/,
      missing_permission: /permission/,
      rate_limited: /Discord/,
    },
    async close() {
      await bot.stop();
      await fake.close();
    },
  };
}

runContract('discord', startDiscordHarness);
