/**
 * The playground channel: a bounded in-memory message list and the server-sent-event
 * streams that watch it. Each stream belongs to one simulated classmate, and a private
 * message is written only to its owner's streams: filtering on the server means another
 * seat's stream never carries it, so a page cannot show what it never received.
 *
 * Channel messages and each seat's private notes are bounded separately, so no number of
 * private replies ("you already answered") can push a live question out of the channel.
 * Streams are bounded in total, per remote address and per seat from one address, so one
 * client cannot hold every slot.
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
  address: string;
  res: ServerResponse;
}

const HEARTBEAT_MS = 20_000;

export const STREAM_LIMITS = {
  total: 64,
  /** One browser opens at most 6 connections to a host; two browsers fit. */
  perAddress: 16,
  perSeat: 8,
};

export interface Refusal {
  status: number;
  message: string;
}

export class Channel {
  private readonly messages = new Map<string, StoredMessage>();
  /** Insertion-ordered ids per bound: 'public', or a seat's id for its private notes. */
  private readonly buckets = new Map<string, Set<string>>();
  private readonly streams = new Set<Stream>();
  private seq = 0;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly limit = 200,
    private readonly privateLimit = 50,
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
    const key = bucketOf(message);
    const bucket = this.buckets.get(key) ?? new Set<string>();
    this.buckets.set(key, bucket.add(message.id));
    // Sets iterate in insertion order, so the first id is the bucket's oldest message.
    const limit = key === PUBLIC ? this.limit : this.privateLimit;
    while (bucket.size > limit) {
      const oldest = bucket.values().next().value as string;
      bucket.delete(oldest);
      this.messages.delete(oldest);
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
    this.buckets.get(bucketOf(message))?.delete(message.id);
    this.publish('remove', message);
  }

  /** Why another stream for `user` from `address` may not open now, if it may not. */
  refuse(user: string, address: string): Refusal | undefined {
    const streams = [...this.streams];
    const fromAddress = streams.filter((s) => s.address === address);
    if (fromAddress.filter((s) => s.user === user).length >= STREAM_LIMITS.perSeat) {
      const message = `Too many open pages for this seat (${STREAM_LIMITS.perSeat}); close one.`;
      return { status: 429, message };
    }
    if (fromAddress.length >= STREAM_LIMITS.perAddress) {
      const message = `Too many open pages from your address (${STREAM_LIMITS.perAddress}); close one.`;
      return { status: 429, message };
    }
    if (streams.length >= STREAM_LIMITS.total) {
      return { status: 503, message: 'Too many open pages; try again later.' };
    }
    return undefined;
  }

  /** Attach a classmate's event stream and send it everything they may see so far. */
  subscribe(user: string, res: ServerResponse, address = ''): void {
    const stream: Stream = { user, address, res };
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

const PUBLIC = 'public';
const bucketOf = (m: StoredMessage): string =>
  m.visibility === 'private' && m.forUser !== undefined ? `seat:${m.forUser}` : PUBLIC;

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
