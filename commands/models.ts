import { z } from 'zod';
import { InputError } from '../src/input-error.js';
import { DEFAULT_LOSS_FITS, resolveFit } from '../src/scaling/fits.js';
import { findModel, KNOWN_MODELS, modelCompute, searchModels } from '../src/scaling/models.js';
import { formatCount, formatFlops, formatRatio } from '../src/scaling/quantity.js';
import { solveLoss } from '../src/scaling/solve-loss.js';
import { verdictFor } from '../src/scaling/verdict.js';
import { CHART_COOLDOWN, defineCommand } from './define.js';

export default defineCommand({
  name: 'models',
  description: 'Known models: parameters, training tokens, tokens per parameter and compute',
  options: z.object({
    name: z.string().max(100).optional().describe('A model, e.g. chinchilla or llama-3-70b'),
  }),
  positional: ['name'],
  examples: ['/models', '/models chinchilla', '/models llama-3.1-405b'],
  policy: { visibility: 'public', chart: true, cooldown: CHART_COOLDOWN },
  run({ name }) {
    if (name === undefined || name.trim() === '') {
      const byRatio = [...KNOWN_MODELS].sort((a, b) => a.tokens / a.params - b.tokens / b.params);
      const least = byRatio[0]!;
      const most = byRatio[byRatio.length - 1]!;
      return {
        title: 'Where known models sit',
        summary: `${KNOWN_MODELS.length} published models, from ${least.name} at ${formatRatio(least.tokens / least.params)} tokens per parameter to ${most.name} at ${formatRatio(most.tokens / most.params)}.`,
        fields: KNOWN_MODELS.map((m) => ({
          label: m.name,
          value: `${formatCount(m.params)} params · ${formatCount(m.tokens)} tokens · ${formatRatio(m.tokens / m.params)} tok/param · ${formatFlops(modelCompute(m))} · ${verdictFor(m.tokens / m.params)}`,
        })),
        notes: [
          'Compute here is 6·N·D. Ask `/models <name>` for one model’s losses, verdict and sources.',
        ],
        citations: [...new Set(KNOWN_MODELS.map((m) => m.source))],
        visibility: 'public',
        chart: { kind: 'models' },
      };
    }
    const model = findModel(name);
    if (!model) {
      const close = searchModels(name, 5).map((m) => m.id);
      const hint =
        close.length > 0
          ? `Did you mean ${close.join(', ')}?`
          : `Known: ${KNOWN_MODELS.map((m) => m.id).join(', ')}`;
      throw new InputError(
        'unknown_option',
        `I don't know that model. ${hint}`,
        name,
        '/models chinchilla',
      );
    }
    const solution = solveLoss(
      model.params,
      model.tokens,
      DEFAULT_LOSS_FITS.map(resolveFit),
      model.name,
    );
    const notes = [...(solution.notes ?? [])];
    if (model.note) notes.unshift(model.note);
    if (model.reportedFlops)
      notes.unshift(
        `Reported training compute: ${formatFlops(model.reportedFlops)} (6·N·D gives ${formatFlops(modelCompute(model))}).`,
      );
    return {
      ...solution,
      title: model.name,
      notes,
      citations: [`${model.name}: ${model.source}`, ...(solution.citations ?? [])],
      visibility: 'public',
      chart: { kind: 'models', highlight: model.id },
    };
  },
  suggest: {
    name: (partial) => searchModels(partial).map((m) => ({ name: m.name, value: m.id })),
  },
});
