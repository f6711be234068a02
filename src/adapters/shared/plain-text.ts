/** A neutral reply as plain text: the CLI's output, the terminal chat, and text fallbacks. */
import type { Reply } from '../../reply.js';
import { renderMarkup, type MarkupRenderer } from '../../text/markup.js';

// A terminal shows no bold or italics; code keeps its backticks so commands stand out.
const TERMINAL: MarkupRenderer = {
  text: (t) => t,
  code: (t) => `\`${t}\``,
  bold: (inner) => inner,
  italic: (inner) => inner,
};

/** Drop the portable markup (**bold**, _italic_) that plain text cannot show. */
export const stripMarkup = (text: string): string => renderMarkup(text, TERMINAL);

export function renderPlain(reply: Reply, options: { width?: number } = {}): string {
  const rule = '─'.repeat(Math.min(options.width ?? 72, 72));
  const out: string[] = [stripMarkup(reply.title), rule, stripMarkup(reply.summary)];
  for (const p of reply.body ?? []) out.push('', stripMarkup(p));
  if (reply.steps?.length) {
    out.push('');
    reply.steps.forEach((step, i) => {
      out.push(`${i + 1}. ${step.title}`);
      if (step.formula) out.push(`   ${step.formula}`);
      if (step.substitution) out.push(`   ${step.substitution}`);
      out.push(`   → ${step.result}`);
    });
  }
  if (reply.fields?.length) {
    out.push('');
    for (const f of reply.fields)
      out.push(`• ${f.label}: ${stripMarkup(f.value).replace(/\n/g, '\n  ')}`);
  }
  if (reply.notes?.length) {
    out.push('', 'Notes');
    for (const n of reply.notes) out.push(`• ${stripMarkup(n)}`);
  }
  if (reply.citations?.length) {
    out.push('', 'Sources');
    for (const c of reply.citations) out.push(`• ${c}`);
  }
  if (reply.actions?.length) {
    out.push('', reply.actions.map((row) => row.map((a) => `[${a.label}]`).join(' ')).join('\n'));
  }
  return out.join('\n');
}
