/**
 * Load through the real discord.js client (in the bot host, see slack-load.ts) against the local
 * fake Discord: INTERACTION_CREATE dispatched over the fake gateway, answers recorded by the fake
 * REST API. "ack" is the interaction's first callback (the deferral for chart commands), "text"
 * and "chart" are the edit of @original that carries the answer and its PNG.
 */
import { IDS, startFakeDiscord, type RecordedCall } from '../fakes/discord/index.js';
import { FakeSlack } from '../fakes/slack/server.js';
import { round, type BenchSection } from './report.js';
import {
  budget,
  CLICK_ROUND_SECONDS,
  LEVELS,
  loadNotes,
  loadTable,
  sleep,
  startHost,
  stats,
  type ClickResult,
  type LevelResult,
} from './slack-load.js';

const CLICK_SECONDS = 5;
const CLICKERS = 50;

export const discordLoadBench: BenchSection = {
  name: 'discord-load',
  async run() {
    const fake = await startFakeDiscord();
    // One listener for every call, routed by interaction token (not one listener per command).
    const waiting = new Map<string, (call: RecordedCall, at: number) => void>();
    fake.on('call', (call: RecordedCall) => {
      const at = performance.now();
      const token = /\/(itok-\d+)/.exec(call.path)?.[1];
      if (token) waiting.get(token)?.(call, at);
    });
    // Slack configured too (its fake Web API only answers auth.test here).
    const slack = await new FakeSlack().start();
    const host = await startHost({
      BENCH_SLACK_API_URL: slack.apiUrl,
      BENCH_DISCORD_API_URL: fake.apiUrl,
      BENCH_DISCORD_TOKEN: fake.token,
      BENCH_DISCORD_APPLICATION_ID: IDS.application,
    });
    let seq = 0;
    const user = () => `16${String(++seq).padStart(17, '0')}`;
    // Drop what the fake recorded (PNG bytes add up); interactions still in flight stay known.
    const forget = () => {
      (fake.calls as RecordedCall[]).length = 0;
      fake.messages.clear();
    };

    /** Dispatch one interaction; resolve with ack and answer times (ms), or undefined. */
    const track = (
      dispatch: () => string,
      isAnswer: (call: RecordedCall) => boolean,
    ): Promise<{ ackMs: number; doneMs: number } | undefined> =>
      new Promise((resolve) => {
        const started = performance.now();
        const id = dispatch();
        const token = fake.interactions.get(id)!.token;
        let ackMs: number | undefined;
        const timer = setTimeout(() => {
          waiting.delete(token);
          resolve(undefined);
        }, 30_000);
        waiting.set(token, (call, at) => {
          if (call.status >= 300) return;
          if (ackMs === undefined && call.path.endsWith('/callback')) ackMs = at - started;
          if (ackMs !== undefined && isAnswer(call)) {
            clearTimeout(timer);
            waiting.delete(token);
            resolve({ ackMs, doneMs: at - started });
          }
        });
      });
    const chartEdit = (c: RecordedCall) =>
      c.method === 'PATCH' && c.path.endsWith('/messages/@original') && c.files.length > 0;

    try {
      await Promise.all(
        Array.from({ length: 4 }, (_, i) =>
          track(
            () => fake.command('optimal', { compute: budget(i) }, { userId: user() }),
            chartEdit,
          ),
        ),
      );
      const levels: LevelResult[] = [];
      for (const { concurrent, rounds } of LEVELS) {
        await host.reset();
        const started = performance.now();
        const acks: number[] = [];
        const answers: number[] = [];
        let failures = 0;
        for (let r = 0; r < rounds; r++) {
          const results = await Promise.all(
            Array.from({ length: concurrent }, () =>
              track(
                () => fake.command('optimal', { compute: budget(seq) }, { userId: user() }),
                chartEdit,
              ),
            ),
          );
          for (const res of results) {
            if (!res) failures += 1;
            else {
              acks.push(res.ackMs);
              answers.push(res.doneMs);
            }
          }
          forget();
        }
        const s = await host.stats();
        levels.push({
          concurrent,
          commands: concurrent * rounds,
          ack: stats(acks),
          // The text and the chart arrive in the same edit on Discord.
          text: stats(answers),
          chart: stats(answers),
          failures,
          loop: { p50: s.loopP50, p99: s.loopP99, max: s.loopMax },
          cpuS: s.cpuS,
          wallS: round((performance.now() - started) / 1000),
        });
      }

      // Quiz-answer clicks: a real round (one question, longer than the click phase), then
      // CLICKERS clients, each clicking an answer as a new member once their last was answered.
      forget();
      const roundStarted = await track(
        () =>
          fake.command(
            'quiz',
            { count: 1, seconds: CLICK_ROUND_SECONDS },
            { userId: '160000000000000001' },
          ),
        (c) => c.path.endsWith('/callback') || c.path.endsWith('/messages/@original'),
      );
      if (!roundStarted) throw new Error('bench: /quiz was not answered');
      const questionAt = performance.now();
      let question: { id: string; answerIds: string[] } | undefined;
      while (!question) {
        for (const m of fake.channelMessages()) {
          const ids = JSON.stringify(m.components ?? []).match(/quiz:[^"]+:0:[0-3]/g) ?? [];
          if (ids.length >= 4) question = { id: m.id, answerIds: ids.slice(0, 4) };
        }
        if (performance.now() - questionAt > 10_000)
          throw new Error('bench: the quiz question was not posted');
        await sleep(10);
      }
      const { id: questionId, answerIds } = question;
      const before = await host.reset();
      const acks: number[] = [];
      const started = performance.now();
      const deadline = started + CLICK_SECONDS * 1000;
      await Promise.all(
        Array.from({ length: CLICKERS }, async () => {
          while (performance.now() < deadline) {
            const res = await track(
              () =>
                fake.click(
                  answerIds[seq % 4]!,
                  fake.messages.has(questionId) ? questionId : undefined,
                  user(),
                ),
              (c) => c.path.endsWith('/callback'),
            );
            if (res) acks.push(res.ackMs);
            if (seq % 500 === 0) (fake.calls as RecordedCall[]).length = 0;
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const s = await host.stats();
      const clicks: ClickResult = {
        concurrent: CLICKERS,
        seconds: round(seconds, 1),
        clicks: acks.length,
        clicksPerSecond: round(acks.length / seconds, 0),
        recorded: s.recordedAnswers,
        ack: stats(acks),
        // The private "answer recorded" is the interaction response itself (type 4).
        reply: stats(acks),
        loop: { p50: s.loopP50, p99: s.loopP99, max: s.loopMax },
        peakRssBeforeMB: before.peakRssMB,
        peakRssAfterMB: s.peakRssMB,
      };
      return {
        table: loadTable(levels, clicks),
        notes: [
          ...loadNotes('Discord', levels, clicks, s.peakRssMB),
          ...(host.warnings.length
            ? [
                `host logged ${host.warnings.length} warning lines, e.g. ${host.warnings[0]!.slice(0, 200)}`,
              ]
            : []),
        ],
        data: {
          levels,
          clicks,
          peakRssMB: s.peakRssMB,
          rssMB: s.rssMB,
          warnings: host.warnings.length,
        },
      };
    } finally {
      await host.stop();
      await fake.close();
      await slack.close();
    }
  },
};
