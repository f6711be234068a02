/**
 * The playground channel: a bounded in-memory message list and the server-sent-event
 * streams that watch it. Each stream belongs to one simulated classmate, and a private
 * message is written only to its owner's streams: filtering on the server means another
 * seat's stream never carries it, so a page cannot show what it never received.
 */
import type { ServerResponse } from 'node:http';
import type { WireMessage } from './render.js';

export type StoredMessage = WireMessage & {
  /** Bumped on every change, so a slow chart render cannot overwrite a newer edit. */
  version: number;
  channelId: string;
};

type EventName = 'message' | 'edit' | 'remove';

interface Stream {
  user: string;
  res: ServerResponse;
}

const HEARTBEAT_MS = 20_000;

export class Channel {
  private readonly messages = new Map<string, StoredMessage>();
  private readonly streams = new Set<Stream>();
  private seq = 0;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly limit = 200,
    /** Changes on restart, so an open page knows its token is stale and reloads. */
    readonly boot = Date.now().toString(36),
  ) {
    // Comments keep idle connections open through proxies and detect dead clients.
    this.heartbeat = setInterval(() => this.writeAll(': ping\n\n'), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  get streamCount(): number {
    return this.streams.size;
  }

  add(fields: Omit<StoredMessage, 'id' | 'at' | 'version'>): StoredMessage {
    const message: StoredMessage = {
      ...fields,
      id: `m${(++this.seq).toString(36)}`,
      at: new Date().toISOString(),
      version: 0,
    };
    this.messages.set(message.id, message);
    // Maps iterate in insertion order, so the first key is the oldest message.
    while (this.messages.size > this.limit) {
      this.messages.delete(this.messages.keys().next().value as string);
    }
    this.publish('message', message);
    return message;
  }

  get(id: string): StoredMessage | undefined {
    return this.messages.get(id);
  }

  /** Publish the current state of a message changed in place. */
  changed(message: StoredMessage): void {
    if (this.messages.get(message.id) === message) this.publish('edit', message);
  }

  remove(message: StoredMessage): void {
    if (!this.messages.delete(message.id)) return;
    this.publish('remove', message);
  }

  /** Attach a classmate's event stream and send it everything they may see so far. */
  subscribe(user: string, res: ServerResponse): void {
    const stream: Stream = { user, res };
    this.streams.add(stream);
    res.on('close', () => this.streams.delete(stream));
    const visible = [...this.messages.values()].filter((m) => visibleTo(m, user)).map(toWire);
    write(res, 'snapshot', { boot: this.boot, messages: visible });
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const { res } of this.streams) res.end();
    this.streams.clear();
  }

  private publish(event: EventName, message: StoredMessage): void {
    const data = event === 'remove' ? { id: message.id } : toWire(message);
    for (const stream of this.streams) {
      if (visibleTo(message, stream.user)) write(stream.res, event, data);
    }
  }

  private writeAll(chunk: string): void {
    for (const { res } of this.streams) res.write(chunk);
  }
}

export const visibleTo = (message: WireMessage, user: string): boolean =>
  message.visibility === 'public' || message.forUser === user;

function toWire(message: StoredMessage): WireMessage {
  const { version: _version, channelId: _channelId, ...wire } = message;
  return wire;
}

function write(res: ServerResponse, event: string, data: unknown): void {
  // JSON has no raw newlines, so one `data:` line carries the whole payload.
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}
