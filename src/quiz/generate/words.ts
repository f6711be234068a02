/** Small pieces of English for generated text. */

/**
 * "a" or "an" before a number as it is read aloud: an 8B, an 11B, an 18M, an 80B, but a 1.5B
 * and a 110B ("one hundred ten"). Only the leading group of digits decides.
 */
export function withArticle(text: string): string {
  const lead = /^\d+/.exec(text)?.[0] ?? '';
  const vowel = lead.startsWith('8') || lead === '11' || lead === '18';
  return `${vowel ? 'an' : 'a'} ${text}`;
}
