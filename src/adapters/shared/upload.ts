/**
 * Fetching a file a user uploaded (a Discord attachment, a Slack file) for an `attachment()`
 * option, within its size cap: the size the platform states is checked before anything is
 * downloaded, and the download stops at the cap whatever the server sends. The bytes are
 * decoded as UTF-8 without throwing (NUL and U+FFFD survive, so the course import still
 * recognises a binary file and says so).
 */
import { errorReply, type Reply } from '../../reply.js';

/** A file option for TAs only (`attachment(…, { staff })`), sent by someone else: not fetched. */
export const staffOnlyFile = (command: string, what: string): Reply =>
  errorReply(
    'Only TAs can do that',
    `Only TAs can ${what}, so your file was not read. \`/${command} help\` shows what everyone can do.`,
  );

export class UploadRefused extends Error {
  override readonly name = 'UploadRefused';
  constructor(readonly reply: Reply) {
    super(reply.summary);
  }
}

/** 10.0 MB, 256 KB: a size as people read it. */
export const sizeText = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;

const tooBig = (name: string, bytes: number | undefined, cap: number) =>
  new UploadRefused(
    errorReply(
      'File too large',
      `${name} is ${bytes === undefined ? 'more than ' : ''}${sizeText(bytes ?? cap)}; the limit is ${sizeText(cap)} — split it into several files.`,
    ),
  );

export async function readUpload(
  file: { name: string; size?: number; url: string; headers?: Record<string, string> },
  cap: number,
  timeoutMs = 15_000,
): Promise<string> {
  if (file.size !== undefined && file.size > cap) throw tooBig(file.name, file.size, cap);
  let response: Response;
  try {
    response = await fetch(file.url, {
      headers: file.headers,
      redirect: 'follow',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    throw new UploadRefused(
      errorReply('Could not read the file', `Could not download ${file.name}; try again.`),
    );
  }
  if (!response.ok || !response.body)
    throw new UploadRefused(
      errorReply(
        'Could not read the file',
        `Could not download ${file.name} (HTTP ${response.status}); try again.`,
      ),
    );
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > cap) {
      await reader.cancel().catch(() => undefined);
      throw tooBig(file.name, undefined, cap);
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}
