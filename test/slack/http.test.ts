/**
 * The Slack adapter in HTTP mode, end to end on 127.0.0.1: a real Bolt App on the shared
 * HttpServer, signed requests in, a fake Web API recording everything that comes out.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineCommand, type AnyCommand } from '../../commands/define.js';
import { commands as registry } from '../../commands/index.js';
import { checkBlockLimits } from '../../src/adapters/slack/limits.js';
import { Cooldown } from '../../src/runtime/index.js';
import {
  BOT_TOKEN,
  captureLogs,
  SIGNING_SECRET,
  startHarness,
  type Harness,
} from '../fakes/slack/harness.js';
import { loadRenderer, PNG_SIGNATURE, type TestRenderer } from '../fakes/slack/renderer.js';
import { postSigned, signature, slashCommandBody } from '../fakes/slack/signing.js';
import { channelReads } from '../fakes/slack/reading.js';

/** A command with buttons, to drive block_actions → onAction → chat.update / postEphemeral. */
const buttons = defineCommand({
  name: 'buttons',
  description: 'Test: a message with buttons',
  options: z.object({}),
  positional: [],
  examples: ['/buttons'],
  policy: { visibility: 'public', chart: false },
  run: () => ({
    title: 'Pick one',
    summary: 'Two buttons.',
    actions: [
      [
        { id: 'buttons:update', label: 'Update me', style: 'primary' },
        { id: 'buttons:tell', label: 'Tell me' },
        { id: 'buttons:boom', label: 'Break' },
      ],
    ],
    visibility: 'public',
  }),
  onAction(ctx) {
    if (ctx.actionId === 'buttons:boom') throw new Error('kaboom');
    if (ctx.actionId === 'buttons:update') {
      return {
        update: {
          title: 'Updated',
          summary: `Clicked by ${ctx.user.name} on ${ctx.messageId}.`,
          visibility: 'public',
        },
      };
    }
    return {
      reply: {
        title: 'Only you',
        summary: 'A private answer to the clicker.',
        visibility: 'private',
      },
    };
  },
});

/** A command whose handler fails. */
const broken = defineCommand({
  name: 'broken',
  description: 'Test: always throws',
  options: z.object({}),
  positional: [],
  examples: ['/broken'],
  policy: { visibility: 'public', chart: false },
  run: () => {
    throw new Error('database on fire');
  },
});

/** An error reply that (wrongly) says public: the one privacy rule still keeps it private. */
const oops = defineCommand({
  name: 'oops',
  description: 'Test: an error marked public',
  options: z.object({}),
  positional: [],
  examples: ['/oops'],
  policy: { visibility: 'public', chart: false },
  run: () => ({ title: 'Oops', summary: 'a mistake', visibility: 'public', tone: 'error' }),
});

const commands: readonly AnyCommand[] = [...registry, buttons, broken, oops];

let h: Harness;
let renderer: TestRenderer;
const ackTimes: number[] = [];
const logs = captureLogs();

beforeAll(async () => {
  renderer = await loadRenderer();
  h = await startHarness({ renderChart: renderer.render, commands, cooldown: new Cooldown() });
});

afterAll(async () => {
  await h?.close();
  await renderer?.close();
  if (ackTimes.length) {
    const sorted = [...ackTimes].sort((a, b) => a - b);
    console.info(
      `slack ack latency over ${sorted.length} commands: median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms (renderer: ${renderer.real ? 'real' : 'stand-in'})`,
    );
  }
});

beforeEach(() => h.fake.reset());

let channelSeq = 0;
/** A fresh channel and user per test: calls are told apart by channel, cooldowns by user. */
const fresh = () => ({ channel_id: `C${++channelSeq}TEST`, user_id: `U${channelSeq}TEST` });
const { inChannel } = channelReads(() => h.fake);
const payload = (c: { body: unknown }) => JSON.stringify(c.body);

async function acked(command: string, text: string, fields: Record<string, string>) {
  const res = await h.command(command, text, fields);
  expect(res.status).toBe(200);
  expect(res.ms).toBeLessThan(3000);
  ackTimes.push(res.ms);
  return res;
}

describe('slash commands', () => {
  it('/optimal 6e22: acks at once, posts the worked answer, uploads the chart with files.uploadV2', async () => {
    const f = fresh();
    await acked('/optimal', '6e22', f);
    const complete = await h.fake.waitFor(
      () => inChannel('files.completeUploadExternal', f.channel_id)[0],
      10_000,
      'completeUploadExternal',
    );
    const [post] = inChannel('chat.postMessage', f.channel_id);
    expect(post?.token).toBe(BOT_TOKEN);
    expect(payload(post!)).toContain('22.4B');
    const blocks = post!.body.blocks as { type: string }[];
    expect(blocks[0]?.type).toBe('header');
    expect(blocks.map((b) => b.type)).toEqual(expect.arrayContaining(['section', 'context']));
    expect(checkBlockLimits(blocks)).toEqual([]);
    // The upload flow, in order: URL → bytes → complete, into the channel, alt text in the comment.
    const methods = h.fake.calls.map((c) => c.method);
    expect(methods.indexOf('chat.postMessage')).toBeLessThan(
      methods.indexOf('files.getUploadURLExternal'),
    );
    const [getUrl] = h.fake.callsTo('files.getUploadURLExternal');
    expect(getUrl!.body.filename).toMatch(/\.png$/);
    expect(getUrl!.body.alt_text ?? getUrl!.body.alt_txt).toBeUndefined();
    const files = complete.body.files as { id: string }[];
    const bytes = h.fake.uploads.get(files[0]!.id);
    expect(bytes?.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(Number(getUrl!.body.length)).toBe(bytes!.length);
    expect(complete.body.channel_id).toBe(f.channel_id);
    expect(String(complete.body.initial_comment)).toMatch(/^📈 \S/);
  });

  it('/loss 70B 1.4T and /models chinchilla answer in the channel with a chart', async () => {
    const a = fresh();
    await acked('/loss', '70B 1.4T', a);
    const b = fresh();
    await acked('/models', 'chinchilla', b);
    await h.fake.waitFor(
      () => inChannel('files.completeUploadExternal', a.channel_id)[0],
      10_000,
      '/loss chart',
    );
    await h.fake.waitFor(
      () => inChannel('files.completeUploadExternal', b.channel_id)[0],
      10_000,
      '/models chart',
    );
    expect(payload(inChannel('chat.postMessage', a.channel_id)[0]!)).toMatch(/1\.97\d/);
    expect(payload(inChannel('chat.postMessage', b.channel_id)[0]!)).toContain('Chinchilla');
  });

  it('/help and /optimal help answer privately through the response_url', async () => {
    const f = fresh();
    const help = await acked('/help', '', f);
    const usage = await acked('/optimal', 'help', f);
    const helpHit = await h.fake.waitForResponse(help.rid);
    const usageHit = await h.fake.waitForResponse(usage.rid);
    expect(helpHit.body.response_type).toBe('ephemeral');
    for (const c of registry.filter((c) => c.name !== 'help'))
      expect(payload(helpHit)).toContain(`/${c.name}`);
    expect(usageHit.body.response_type).toBe('ephemeral');
    expect(payload(usageHit)).toContain('Usage');
    expect(payload(usageHit)).toContain('compute');
    expect(inChannel('chat.postMessage', f.channel_id)).toEqual([]);
  });

  it("bad input: an ephemeral reply with the parser's message, nothing in the channel", async () => {
    const f = fresh();
    const res = await acked('/loss', 'banana 1T', f);
    const hit = await h.fake.waitForResponse(res.rid);
    expect(hit.body.response_type).toBe('ephemeral');
    expect(payload(hit)).toContain('banana');
    expect(payload(hit)).toContain('/loss');
    expect(h.fake.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
  });

  it('an error reply is private even when it says public (the one privacy rule)', async () => {
    const f = fresh();
    const res = await acked('/oops', '', f);
    const hit = await h.fake.waitForResponse(res.rid);
    expect(hit.body.response_type).toBe('ephemeral');
    expect(payload(hit)).toContain('a mistake');
    expect(inChannel('chat.postMessage', f.channel_id)).toEqual([]);
  });

  it('a failing handler: "something went wrong (ref …)", privately', async () => {
    const f = fresh();
    const res = await acked('/broken', '', f);
    const hit = await h.fake.waitForResponse(res.rid);
    expect(hit.body.response_type).toBe('ephemeral');
    expect(payload(hit)).toMatch(/Something went wrong on our side \(ref [0-9a-f]{8,12}\)/);
    // The ref is the request's id: the x-request-id header and the logged requestId.
    expect(payload(hit)).toContain(`(ref ${res.requestId})`);
    expect(
      logs.some(
        (l) => l.includes(`"requestId":"${res.requestId}"`) && l.includes('command failed'),
      ),
    ).toBe(true);
    expect(payload(hit)).not.toContain('database on fire');
  });

  it('mentions in echoed text are escaped: no <!channel>, <!here> or live @everyone reaches Slack', async () => {
    const f = fresh();
    const a = await acked('/loss', '<!channel> 1T', f);
    const b = await acked('/loss', '@everyone 1T', f);
    const c = await acked('/models', '<@U999|boss> <!here>', f);
    const d = await acked('/optimal', '6e22', { ...f, user_name: '<!here> @channel' });
    await h.fake.waitFor(() => [a, b, c].every((r) => h.fake.responsesTo(r.rid).length > 0));
    await h.fake.waitFor(
      () => inChannel('chat.postMessage', f.channel_id)[0],
      5000,
      'the /optimal post',
    );
    const everything = JSON.stringify([h.fake.responses, h.fake.calls]);
    for (const raw of ['<!channel>', '<!here>', '<@U999', '@everyone', '@channel'])
      expect(everything).not.toContain(raw);
    expect(payload(h.fake.responsesTo(a.rid)[0]!)).toContain('&lt;!channel&gt;');
    expect(payload(h.fake.responsesTo(b.rid)[0]!)).toContain('@\u2060everyone');
    expect(d.status).toBe(200);
  });

  it('the per-user chart cooldown (5 per 30 s) answers "try again in N s"', async () => {
    const f = fresh();
    const results: Awaited<ReturnType<typeof acked>>[] = [];
    for (let i = 0; i < 6; i++) results.push(await acked('/optimal', `${i + 1}e21`, f));
    await h.fake.waitFor(
      () => inChannel('chat.postMessage', f.channel_id).length >= 5,
      10_000,
      'five answers',
    );
    const hit = await h.fake.waitForResponse(results[5]!.rid);
    // The runtime's one answer, as on Discord and the playground, before the command ran.
    expect(payload(hit)).toMatch(
      /Slow down a little: chart commands allow 5 uses per person every 30 s, so try again in \d+ s\./,
    );
    expect(hit.body.response_type).toBe('ephemeral');
    // Another user is not affected.
    const other = await acked('/optimal', '1e21', { ...f, user_id: 'UOTHER' });
    await h.fake.waitFor(
      () => inChannel('files.completeUploadExternal', f.channel_id).length >= 6,
      10_000,
      'the other user',
    );
    expect(h.fake.responsesTo(other.rid)).toEqual([]);
  });
});

describe('request signatures (Bolt verification stays on)', () => {
  const body = () =>
    slashCommandBody({
      command: '/optimal',
      text: '6e22',
      response_url: h.fake.responseUrl('forged'),
    });
  const nothingCalled = async () => {
    await new Promise((r) => setTimeout(r, 300));
    expect(h.fake.calls).toEqual([]);
    expect(h.fake.responses).toEqual([]);
  };

  it('a wrong signature → 401 and no Web API call', async () => {
    const res = await postSigned(h.eventsUrl, body(), { secret: 'not-the-secret' });
    expect(res.status).toBe(401);
    await nothingCalled();
  });

  it('a missing signature → 401', async () => {
    const res = await postSigned(h.eventsUrl, body());
    expect(res.status).toBe(401);
    await nothingCalled();
  });

  it('a body changed after signing → 401', async () => {
    const ts = Math.floor(Date.now() / 1000);
    const headers = {
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': signature(SIGNING_SECRET, ts, body()),
    };
    const res = await postSigned(h.eventsUrl, body().replace('6e22', '6e23'), { headers });
    expect(res.status).toBe(401);
    await nothingCalled();
  });

  it('a stale (6-minute-old) but correctly signed request → 401', async () => {
    const res = await postSigned(h.eventsUrl, body(), {
      secret: SIGNING_SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect(res.status).toBe(401);
    await nothingCalled();
  });
});

describe('when the bot cannot post in the channel', () => {
  it('not_in_channel: the answer arrives through the response_url, privately, with an /invite hint', async () => {
    h.fake.fail('chat.postMessage', { error: 'not_in_channel' });
    const f = fresh();
    const res = await acked('/optimal', '6e22', f);
    const hit = await h.fake.waitForResponse(res.rid, 10_000);
    expect(hit.body.response_type).toBe('ephemeral');
    expect(payload(hit)).toContain('22.4B');
    expect(payload(hit)).toContain('/invite @Scaling Tutor');
    expect(h.fake.callsTo('files.getUploadURLExternal')).toEqual([]);
    expect(checkBlockLimits(hit.body.blocks as unknown[])).toEqual([]);
  });

  it('channel_not_found on the upload: the answer stays, the user hears why the chart is missing', async () => {
    h.fake.fail('files.completeUploadExternal', { error: 'channel_not_found' });
    const f = fresh();
    const res = await acked('/loss', '70B 1.4T', f);
    const hit = await h.fake.waitForResponse(res.rid, 10_000);
    expect(inChannel('chat.postMessage', f.channel_id)).toHaveLength(1);
    expect(payload(hit)).toContain('/invite @Scaling Tutor');
    expect(payload(hit)).toContain('The chart shows');
  });

  it('a 500 from chat.postMessage: logged, and the user gets the answer privately with a ref', async () => {
    h.fake.fail('chat.postMessage', { status: 500 });
    const f = fresh();
    const res = await acked('/loss', '70B 1.4T', f);
    const hit = await h.fake.waitForResponse(res.rid, 10_000);
    const ref = /could not post this in the channel \(ref ([0-9a-f]{8,12})\)/.exec(
      payload(hit),
    )?.[1];
    expect(ref).toBeDefined();
    // The ref is the id of the HTTP request that carried the command.
    expect(ref).toBe(res.requestId);
    expect(payload(hit)).toMatch(/1\.97\d/);
    // The same ref is in the log, with the error, for whoever investigates.
    expect(logs.some((l) => l.includes(ref!) && l.includes('could not post the answer'))).toBe(
      true,
    );
  });

  it('ratelimited with Retry-After: the client waits and the answer still lands', async () => {
    h.fake.fail('chat.postMessage', { status: 429, retryAfter: 1, times: 1 });
    const f = fresh();
    await acked('/loss', '70B 1.4T', f);
    await h.fake.waitFor(
      () => inChannel('files.completeUploadExternal', f.channel_id)[0],
      10_000,
      'the retried post',
    );
    const posts = inChannel('chat.postMessage', f.channel_id);
    expect(posts).toHaveLength(2);
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(900);
  });
});

describe('buttons (block_actions)', () => {
  async function postButtons() {
    const f = fresh();
    await acked('/buttons', '', f);
    const post = await h.fake.waitFor(() => inChannel('chat.postMessage', f.channel_id)[0]);
    const actions = (
      post.body.blocks as { type: string; elements?: { action_id: string }[] }[]
    ).find((b) => b.type === 'actions');
    expect(actions?.elements?.map((e) => e.action_id)).toEqual([
      'buttons:update',
      'buttons:tell',
      'buttons:boom',
    ]);
    return { f, ts: '1700000000.000001' };
  }

  it('a click is acked and routed to the command; an update result → chat.update of that message', async () => {
    await postButtons();
    const click = await h.click('buttons:update', '1700000000.000042');
    expect(click.status).toBe(200);
    expect(click.ms).toBeLessThan(3000);
    const update = await h.fake.waitFor(() => h.fake.callsTo('chat.update')[0]);
    expect(update.body.channel).toBe('C0000001');
    expect(update.body.ts).toBe('1700000000.000042');
    expect(payload(update)).toContain('Clicked by ada on 1700000000.000042');
    expect(checkBlockLimits(update.body.blocks as unknown[])).toEqual([]);
  });

  it('a reply result → chat.postEphemeral to the clicker', async () => {
    const click = await h.click('buttons:tell', '1700000000.000043', { userId: 'UCLICKER' });
    expect(click.status).toBe(200);
    const eph = await h.fake.waitFor(() => h.fake.callsTo('chat.postEphemeral')[0]);
    expect(eph.body.user).toBe('UCLICKER');
    expect(payload(eph)).toContain('A private answer to the clicker');
  });

  it('a throwing onAction → a private "something went wrong (ref …)"', async () => {
    await h.click('buttons:boom', '1700000000.000044');
    const eph = await h.fake.waitFor(() => h.fake.callsTo('chat.postEphemeral')[0]);
    expect(payload(eph)).toMatch(/Something went wrong on our side \(ref [0-9a-f]{8,12}\)/);
  });

  it('a click on an ephemeral message is updated through the response_url', async () => {
    const click = await h.click('buttons:update', '1700000000.000045', { ephemeral: true });
    const hit = await h.fake.waitForResponse(click.rid);
    expect(hit.body.replace_original).toBe(true);
    expect(h.fake.callsTo('chat.update')).toEqual([]);
  });

  it('chat.update not_in_channel: the clicker is told how to invite the bot', async () => {
    h.fake.fail('chat.update', { error: 'not_in_channel' });
    const click = await h.click('buttons:update', '1700000000.000046');
    const hit = await h.fake.waitForResponse(click.rid);
    expect(payload(hit)).toContain('/invite @Scaling Tutor');
  });

  it('a button of an unknown command says it expired', async () => {
    await h.click('retired:thing', '1700000000.000047');
    const eph = await h.fake.waitFor(() => h.fake.callsTo('chat.postEphemeral')[0]);
    expect(payload(eph)).toContain('no longer does anything');
  });
});

describe('logs', () => {
  it('never contain the bot token or the signing secret', () => {
    expect(logs.length).toBeGreaterThan(0);
    for (const line of logs) {
      expect(line).not.toContain(BOT_TOKEN);
      expect(line).not.toContain(SIGNING_SECRET);
    }
  });
});

describe('every payload sent to Slack', () => {
  it('stays within Block Kit limits', async () => {
    const f = fresh();
    for (const c of registry) {
      for (const example of c.examples) {
        const [name, ...rest] = example.slice(1).split(' ');
        await acked(`/${name}`, rest.join(' '), { ...f, user_id: `U-${c.name}-${example.length}` });
      }
    }
    await new Promise((r) => setTimeout(r, 1500));
    const sent = [...h.fake.calls.map((c) => c.body), ...h.fake.responses.map((r) => r.body)];
    expect(sent.length).toBeGreaterThan(registry.length);
    for (const body of sent) {
      if (Array.isArray(body.blocks)) expect(checkBlockLimits(body.blocks)).toEqual([]);
      if (typeof body.text === 'string') expect(body.text.length).toBeLessThanOrEqual(3000);
    }
  });
});
