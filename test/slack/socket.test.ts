/**
 * Socket Mode against a local fake: apps.connections.open (through apiUrl) hands out a ws://
 * URL on 127.0.0.1, the fake says hello, and a slash_commands envelope is acked by its
 * envelope_id and answered through the Web API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlack, type SlackAdapter } from '../../src/adapters/slack/index.js';
import { captureLogs } from '../fakes/slack/harness.js';
import { tinyRenderer } from '../fakes/slack/renderer.js';
import { FakeSlack } from '../fakes/slack/server.js';
import { slashCommandFields } from '../fakes/slack/signing.js';

const APP_TOKEN = 'xapp-1-A0000001-test-app-token';
const BOT_TOKEN = 'xoxb-socket-test-token';

let fake: FakeSlack;
let adapter: SlackAdapter;
const logs = captureLogs();

beforeAll(async () => {
  fake = await new FakeSlack().start();
  adapter = await startSlack({
    botToken: BOT_TOKEN,
    signingSecret: 'unused-in-socket-mode',
    appToken: APP_TOKEN,
    apiUrl: fake.apiUrl,
    renderChart: tinyRenderer,
    retryConfig: { retries: 0 },
  });
});

afterAll(async () => {
  await adapter?.stop();
  await fake?.close();
});

describe('Socket Mode', () => {
  it('connects through apps.connections.open on the configured API URL, with the app token', () => {
    expect(adapter.mode).toBe('socket');
    const [open] = fake.callsTo('apps.connections.open');
    expect(open?.token).toBe(APP_TOKEN);
    expect(fake.callsTo('auth.test')[0]?.token).toBe(BOT_TOKEN);
    expect(fake.socketClients).toBe(1);
  });

  it('acks a slash_commands envelope by its envelope_id, then answers', async () => {
    const started = performance.now();
    const ack = await fake.sendEnvelope({
      envelope_id: 'env-optimal-1',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: slashCommandFields({
        command: '/optimal',
        text: '6e22',
        channel_id: 'CSOCKET1',
        response_url: fake.responseUrl('socket-1'),
      }),
    });
    const ackMs = performance.now() - started;
    expect(ack.envelope_id).toBe('env-optimal-1');
    expect(ackMs).toBeLessThan(3000);
    console.info(`socket mode ack latency: ${ackMs.toFixed(1)} ms`);
    const post = await fake.waitFor(() => fake.callsTo('chat.postMessage')[0], 5000, 'the answer');
    expect(post.body.channel).toBe('CSOCKET1');
    expect(JSON.stringify(post.body)).toContain('22.4B');
    await fake.waitFor(() => fake.callsTo('files.completeUploadExternal')[0], 5000, 'the chart');
  });

  it('private replies go to the response_url in Socket Mode too', async () => {
    const ack = await fake.sendEnvelope({
      envelope_id: 'env-help-1',
      type: 'slash_commands',
      payload: slashCommandFields({
        command: '/help',
        text: '',
        response_url: fake.responseUrl('socket-help'),
      }),
    });
    expect(ack.envelope_id).toBe('env-help-1');
    const hit = await fake.waitForResponse('socket-help');
    expect(hit.body.response_type).toBe('ephemeral');
  });

  it('stop() closes the WebSocket', async () => {
    await adapter.stop();
    await fake.waitFor(() => fake.socketClients === 0 || undefined, 3000, 'the socket to close');
    expect(logs.join('\n')).not.toContain(APP_TOKEN);
  });
});
