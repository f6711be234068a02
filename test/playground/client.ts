/** Talking to a running playground over HTTP as its page does: the token, then the JSON API. */

/** The API token this run wrote into the page. */
export async function pageToken(base: string): Promise<string> {
  const page = await (await fetch(base)).text();
  return /name="playground-token" content="([0-9a-f]{32})"/.exec(page)![1]!;
}

/** POST JSON to the playground's API with the page's token. */
export const apiPost = (base: string, token: string, path: string, body: unknown) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-playground-token': token },
    body: JSON.stringify(body),
  });
