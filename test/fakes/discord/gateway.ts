/**
 * The fake gateway: HELLO (op 10) on connect, IDENTIFY (op 2) → READY + GUILD_CREATE,
 * heartbeats (op 1) → ACK (op 11), RESUME (op 6) → RESUMED, and `dispatch()` for tests to push
 * events such as INTERACTION_CREATE. Several connections may identify, each as one shard
 * (`shard: [id, count]` in IDENTIFY, recorded in `identifies`): like Discord, each shard is
 * sent only its own guilds' events, shard = (guild_id >> 22) % count, and DMs go to shard 0. It speaks plain JSON text frames: discord.js only asks for
 * zlib-stream when zlib-sync is installed, and JSON frames still parse when it does.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { botUser, guildCreate, IDS, snowflake } from './payloads.js';

export interface GatewayOptions {
  /** The token IDENTIFY must carry; anything else is closed with 4004. */
  token: () => string;
  /** Close every IDENTIFY with 4004 Authentication failed, whatever the token. */
  rejectIdentify: () => boolean;
  heartbeatIntervalMs?: number;
  url: () => string;
  /** The guilds the bot is in (each shard is told about its own). */
  guilds: () => readonly string[];
}

/** Which shard of `count` Discord sends a guild's events to. */
export const shardOf = (guildId: string, count: number): number =>
  Number((BigInt(guildId) >> 22n) % BigInt(count));

/** What one IDENTIFY asked for. */
export interface Identify {
  shard: [number, number];
  intents: number;
}

export interface GatewayFrame {
  op: number;
  d?: unknown;
  s?: number | null;
  t?: string | null;
}

export class FakeGateway {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<WebSocket>();
  /** Identified connections and the shard each runs. */
  private readonly identified = new Map<WebSocket, [number, number]>();
  /** Every IDENTIFY, in order (a reconnect identifies again). */
  readonly identifies: Identify[] = [];
  private seq = 0;
  readonly received: GatewayFrame[] = [];
  /** The query string of each connection (v, encoding, compress). */
  readonly connections: URLSearchParams[] = [];
  sessionId = snowflake();

  constructor(private readonly options: GatewayOptions) {}

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req));
  }

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    this.sockets.add(ws);
    this.connections.push(new URL(req.url ?? '/', 'http://x').searchParams);
    ws.on('close', () => {
      this.sockets.delete(ws);
      this.identified.delete(ws);
    });
    ws.on('error', () => undefined);
    ws.on('message', (data) => this.onFrame(ws, data.toString()));
    this.send(ws, {
      op: 10,
      d: { heartbeat_interval: this.options.heartbeatIntervalMs ?? 41_250 },
    });
  }

  private onFrame(ws: WebSocket, text: string): void {
    let frame: GatewayFrame;
    try {
      frame = JSON.parse(text) as GatewayFrame;
    } catch {
      ws.close(4002, 'Decode error');
      return;
    }
    this.received.push(frame);
    switch (frame.op) {
      case 1: // heartbeat
        this.send(ws, { op: 11 });
        break;
      case 2: {
        const d = (frame.d ?? {}) as { token?: string; shard?: unknown; intents?: number };
        if (this.options.rejectIdentify() || d.token !== this.options.token()) {
          ws.close(4004, 'Authentication failed');
          return;
        }
        const shard = validShard(d.shard);
        if (!shard) {
          ws.close(4010, 'Invalid shard');
          return;
        }
        this.identifies.push({ shard, intents: d.intents ?? 0 });
        this.identified.set(ws, shard);
        this.sessionId = snowflake();
        const mine = this.options.guilds().filter((g) => shardOf(g, shard[1]) === shard[0]);
        this.dispatchTo(ws, 'READY', {
          v: 10,
          user: botUser(),
          guilds: mine.map((id) => ({ id, unavailable: true })),
          session_id: this.sessionId,
          resume_gateway_url: this.options.url(),
          shard,
          application: { id: IDS.application, flags: 0 },
        });
        // Real Discord streams the guilds in after READY.
        setTimeout(() => {
          for (const id of mine) this.dispatchTo(ws, 'GUILD_CREATE', guildCreate(id));
        }, 5);
        break;
      }
      case 6: // resume (the fake keeps no sessions: the shard is taken from the last IDENTIFY)
        this.identified.set(ws, this.identifies.at(-1)?.shard ?? [0, 1]);
        this.dispatchTo(ws, 'RESUMED', {});
        break;
      default:
        break;
    }
  }

  private send(ws: WebSocket, frame: GatewayFrame): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  }

  private dispatchTo(ws: WebSocket, t: string, d: unknown): void {
    this.seq += 1;
    this.send(ws, { op: 0, t, s: this.seq, d });
  }

  /**
   * Send a dispatch event to the connection(s) of the shard it belongs to (by its guild: a
   * `guild_id`, or the `id` of a GUILD_* event; no guild → shard 0); returns how many got it.
   */
  dispatch(t: string, d: unknown): number {
    const body = (d ?? {}) as { guild_id?: string; id?: string };
    const guild = body.guild_id ?? (t.startsWith('GUILD_') ? body.id : undefined);
    let n = 0;
    for (const [ws, [id, count]] of this.identified) {
      if ((guild === undefined ? 0 : shardOf(guild, count)) !== id) continue;
      this.dispatchTo(ws, t, d);
      n += 1;
    }
    return n;
  }

  get connected(): number {
    return this.identified.size;
  }

  /** Which shard ids are connected now. */
  get shards(): number[] {
    return [...this.identified.values()].map(([id]) => id).sort((a, b) => a - b);
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

/** IDENTIFY's `shard`: `[id, count]` with 0 ≤ id < count (absent means `[0, 1]`). */
function validShard(value: unknown): [number, number] | undefined {
  if (value === undefined) return [0, 1];
  if (!Array.isArray(value) || value.length !== 2) return undefined;
  const [id, count] = value as unknown[];
  return Number.isInteger(id) && Number.isInteger(count) && +id! >= 0 && +id! < +count!
    ? [id as number, count as number]
    : undefined;
}
