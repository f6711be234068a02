/**
 * Request bodies as discord.js sends them: JSON, or multipart/form-data with `files[n]` parts
 * and the JSON in `payload_json`. Node's own Response#formData() does the MIME parsing.
 */
export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
  /** From the payload's `attachments[{ id, description }]`, matched by index. */
  description?: string;
}

export interface ParsedBody {
  json: unknown;
  files: UploadedFile[];
}

export async function parseBody(raw: Buffer, contentType: string | undefined): Promise<ParsedBody> {
  if (raw.length === 0) return { json: undefined, files: [] };
  if (contentType?.startsWith('multipart/form-data')) {
    const form = await new Response(new Uint8Array(raw), {
      headers: { 'content-type': contentType },
    }).formData();
    const entries: [string, FormDataEntryValue][] = [];
    form.forEach((value, field) => entries.push([field, value]));
    const files: UploadedFile[] = [];
    let json: unknown;
    for (const [field, value] of entries) {
      if (typeof value === 'string') {
        if (field === 'payload_json') json = JSON.parse(value);
        continue;
      }
      files.push({
        field,
        filename: value.name,
        contentType: value.type,
        data: Buffer.from(await value.arrayBuffer()),
      });
    }
    const attachments =
      (json as { attachments?: { id: string | number; description?: string }[] })?.attachments ??
      [];
    for (const file of files) {
      const index = /^files\[(\d+)\]$/.exec(file.field)?.[1];
      const meta = attachments.find((a) => String(a.id) === index);
      if (meta?.description !== undefined) file.description = meta.description;
    }
    return { json, files };
  }
  const text = raw.toString('utf8');
  try {
    return { json: JSON.parse(text), files: [] };
  } catch {
    return { json: text, files: [] };
  }
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
export const isPng = (data: Buffer): boolean => data.subarray(0, 8).equals(PNG_SIGNATURE);
