/**
 * Rules that keep the course's claims traceable (issue 13). Every bank question and card
 * names where it rests, in its `source`: parts separated by "; ", each a known paper (or a
 * model card / datasheet) followed by the section, table, figure, equation or appendix a
 * reviewer can read. A paper or model the text names must be among the cited parts, so a
 * claim attributed to Kaplan, Hoffmann, Epoch... always carries its section.
 */

/** A document the course may cite: how a source part starts, and what in a text names it. */
interface Doc {
  /** The citation as a source part must begin (author + year, or the document's name). */
  cite: RegExp;
  /** The document is short enough that naming it is the locator (model cards, datasheets). */
  whole?: boolean;
}

export const DOCS = {
  kaplan2020: { cite: /^Kaplan et al\. 2020\b/ },
  hoffmann2022: { cite: /^Hoffmann et al\. 2022\b/ },
  epoch2024: { cite: /^Besiroglu et al\. 2024\b/ },
  sardana2024: { cite: /^Sardana et al\. 2024\b/ },
  llama3: { cite: /^Llama Team 2024\b/ },
  brown2020: { cite: /^Brown et al\. 2020\b/ },
  touvron2023: { cite: /^Touvron et al\. 2023\b/ },
  chowdhery2022: { cite: /^Chowdhery et al\. 2022\b/ },
  pearce2024: { cite: /^Pearce & Song 2024\b/ },
  porian2024: { cite: /^Porian et al\. 2024\b/ },
  wei2022emergent: { cite: /^Wei et al\. 2022, Emergent\b/ },
  wei2022cot: { cite: /^Wei et al\. 2022, Chain-of-Thought\b/ },
  schaeffer2023: { cite: /^Schaeffer et al\. 2023\b/ },
  muennighoff2023: { cite: /^Muennighoff et al\. 2023\b/ },
  villalobos2022: { cite: /^Villalobos et al\. 2022\b/ },
  llama2card: { cite: /^Meta, Llama 2 model card\b/, whole: true },
  llama3card: { cite: /^Meta, Llama 3(?: and 3\.1)? model cards?\b/, whole: true },
  nvidia: { cite: /^NVIDIA [A-Z]\d00 datasheet\b/, whole: true },
} as const satisfies Record<string, Doc>;
export type DocName = keyof typeof DOCS;

/**
 * Names in a text that attribute a claim to a document, and which documents may back them.
 * A model's name counts: "Chinchilla beat Gopher" is Hoffmann et al.'s claim.
 */
const MENTIONS: { name: RegExp; by: DocName[] }[] = [
  { name: /\bKaplan/, by: ['kaplan2020'] },
  { name: /\bHoffmann|\bChinchilla(?![- ]style)|\bGopher\b/, by: ['hoffmann2022'] },
  { name: /\bEpoch\b|\bBesiroglu/, by: ['epoch2024'] },
  { name: /\bSardana|\binference-aware/i, by: ['sardana2024'] },
  { name: /\bPearce\b/, by: ['pearce2024'] },
  { name: /\bPorian\b/, by: ['porian2024'] },
  { name: /\bWei et al\.|\bemergent abilit/i, by: ['wei2022emergent', 'wei2022cot'] },
  { name: /\bchain-of-thought\b/i, by: ['wei2022cot', 'wei2022emergent'] },
  { name: /\bSchaeffer/, by: ['schaeffer2023'] },
  { name: /\bGPT-3\b/, by: ['brown2020', 'hoffmann2022'] },
  { name: /\bLLaMA\b/, by: ['touvron2023'] },
  { name: /\bLlama 2\b/, by: ['llama2card'] },
  { name: /\bLlama 3\b|\bMeta\b/, by: ['llama3', 'llama3card'] },
  { name: /\bPaLM\b|\bMFU\b/, by: ['chowdhery2022'] },
  { name: /\bH100\b|\bdatasheet/, by: ['nvidia'] },
];

/** What counts as a section-level locator: §2, App. D.2, Table 3, Fig. 14, eq. (4), abstract. */
const LOCATOR =
  /§\s?\d|\bApp\.\s?[A-Z]|\bTables? A?\d|\bFig(?:ure|\.)\s?\d|\beq\.\s?\(?\d|\babstract\b/;

/** The documents cited by a source string, and what is wrong with it. */
export function parseSource(source: string): { docs: DocName[]; problems: string[] } {
  const docs: DocName[] = [];
  const problems: string[] = [];
  for (const part of source.split('; ')) {
    const name = (Object.keys(DOCS) as DocName[]).find((d) => DOCS[d].cite.test(part));
    if (!name) {
      problems.push(`"${part}" is not a known paper, model card or datasheet`);
      continue;
    }
    const doc: Doc = DOCS[name];
    if (!doc.whole && !LOCATOR.test(part)) {
      problems.push(`"${part}" names no section, table, figure, equation or appendix`);
    }
    docs.push(name);
  }
  return { docs, problems };
}

/**
 * Every problem with an item's claims: its source must parse (see parseSource), and each
 * document its text names must be cited. Empty when the item is fine.
 */
export function claimProblems(text: string, source: string): string[] {
  const { docs, problems } = parseSource(source);
  for (const m of MENTIONS) {
    const hit = m.name.exec(text);
    if (hit && !m.by.some((d) => docs.includes(d))) {
      problems.push(`the text names "${hit[0]}" but the source cites none of ${m.by.join(', ')}`);
    }
  }
  return problems;
}

/**
 * Loss exponents (α, β: how the loss falls with N and D) and allocation exponents (a, b: how
 * the optimal N and D grow with C) are different things; a sentence that calls one of them
 * "exponent" must say which kind. Returns the offending sentences.
 */
export function exponentNamingProblems(text: string): string[] {
  const out: string[] = [];
  for (const sentence of text.split(/(?<=[.?!:;])\s+/)) {
    if (/\b(parameter|data|token|model) exponent/i.test(sentence)) {
      out.push(`ambiguous "${/\b\w+ exponent/i.exec(sentence)![0]}": ${sentence}`);
    }
    if (!/exponent/i.test(sentence)) continue;
    if (/[αβ]\s?[≈=]/.test(sentence) && !/loss exponent/i.test(sentence)) {
      out.push(`α or β named without "loss exponent": ${sentence}`);
    }
    if (
      /(?:^|[\s(])[ab]\s?[≈=]\s?\d|C\^a\b/.test(sentence) &&
      !/allocation exponent/i.test(sentence)
    ) {
      out.push(`a or b named without "allocation exponent": ${sentence}`);
    }
  }
  return out;
}
