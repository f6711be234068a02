/**
 * The fake gateway: HELLO (op 10) on connect, IDENTIFY (op 2) → READY + GUILD_CREATE,
 * heartbeats (op 1) → ACK (op 11), RESUME (op 6) → RESUMED, and `dispatch()` for tests to push
 * events such as INTERACTION_CREATE. It speaks plain JSON text frames: discord.js only asks for
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
  private readonly identified = new Set<WebSocket>();
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
        const token = (frame.d as { token?: string })?.token;
        if (this.options.rejectIdentify() || token !== this.options.token()) {
          ws.close(4004, 'Authentication failed');
          return;
        }
        this.identified.add(ws);
        this.sessionId = snowflake();
        this.dispatchTo(ws, 'READY', {
          v: 10,
          user: botUser(),
          guilds: [{ id: IDS.guild, unavailable: true }],
          session_id: this.sessionId,
          resume_gateway_url: this.options.url(),
          shard: [0, 1],
          application: { id: IDS.application, flags: 0 },
        });
        // Real Discord streams the guilds in after READY.
        setTimeout(() => this.dispatchTo(ws, 'GUILD_CREATE', guildCreate()), 5);
        break;
      }
      case 6: // resume
        this.identified.add(ws);
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

  /** Send a dispatch event to every identified connection; returns how many got it. */
  dispatch(t: string, d: unknown): number {
    let n = 0;
    for (const ws of this.identified) {
      this.dispatchTo(ws, t, d);
      n += 1;
    }
    return n;
  }

  get connected(): number {
    return this.identified.size;
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
