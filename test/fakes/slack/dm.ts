/**
 * A member shares a file with the bot in a DM, as Slack sends it: a signed `message` event
 * (subtype file_share, channel_type im) whose file points at a local file server. Resolves
 * with the first message the bot posts back in that DM.
 */
import type { FileServer } from '../../course/upload-server.js';
import type { Harness } from './harness.js';
import { SIGNING_SECRET } from './harness.js';
import { BOT } from './server.js';
import { postSigned } from './signing.js';

let n = 0;

export interface Shared {
  /** The DM's channel id. */
  channel: string;
  /** The first chat.postMessage body in the DM, as JSON text. */
  answer: string;
}

export async function shareInDm(
  h: Harness,
  files: FileServer,
  user: string,
  name: string,
  body: Uint8Array | string,
  text = '',
  size?: number,
): Promise<Shared> {
  files.put(name, body);
  const channel = `D${user}`;
  const event = {
    token: 'x',
    team_id: BOT.teamId,
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: `EvDm${++n}`,
    event_time: 1,
    event: {
      type: 'message',
      subtype: 'file_share',
      channel_type: 'im',
      channel,
      user,
      text,
      ts: `${n}.000`,
      files: [
        {
          id: `FDM${n}`,
          name,
          size: size ?? Buffer.byteLength(body),
          url_private_download: files.url(name),
        },
      ],
    },
  };
  const before = h.fake.callsTo('chat.postMessage').length;
  const res = await postSigned(h.eventsUrl, JSON.stringify(event), {
    secret: SIGNING_SECRET,
    headers: { 'content-type': 'application/json' },
  });
  if (res.status !== 200) throw new Error(`the event was answered ${res.status}`);
  const posted = await h.fake.waitFor(
    () =>
      h.fake
        .callsTo('chat.postMessage')
        .slice(before)
        .find((c) => c.body.channel === channel),
    10_000,
    'an answer in the DM',
  );
  return { channel, answer: JSON.stringify(posted.body) };
}
