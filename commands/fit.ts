import { z } from 'zod';
import { errorReply } from '../src/reply.js';
import { MAX_FILE_BYTES, parseRunsCsv } from '../src/scaling/fit-csv.js';
import { solveFit } from '../src/scaling/solve-fit.js';
import { CHART_COOLDOWN, defineCommand } from './define.js';
import { isSavedFitName } from './fit-choice.js';
import { attachment } from './schema.js';
import { unavailableReply } from './unavailable.js';

export default defineCommand({
  name: 'fit',
  description: 'Fit L = E + A/N^α + B/D^β to your own runs (params,tokens,loss rows)',
  options: z.object({
    runs: z
      .string()
      .max(6000)
      .optional()
      .describe('Pasted CSV rows params,tokens,loss (header optional), e.g. 151M,3.02e9,3.498'),
    file: attachment(
      'Or a CSV file of params,tokens,loss rows (≤ 256 KB, up to 2,000 runs)',
      MAX_FILE_BYTES,
    ).optional(),
    save: z
      .string()
      .max(100)
      .optional()
      .describe('TAs: save the fit under this name for fit:<name> in every command'),
  }),
  positional: ['runs'],
  fileOption: 'file',
  examples: [
    '/fit params,tokens,loss 151M,1.51B,3.683 151M,15.1B,3.254 367M,3.67B,3.358 367M,36.7B,2.949 749M,7.49B,3.152 749M,74.9B,2.758 1.26B,12.6B,3.084 1.26B,126B,2.651',
    '/fit file:runs.csv save:my-runs',
  ],
  policy: { visibility: 'public', chart: true, cooldown: CHART_COOLDOWN },
  async run({ runs, file, save }, ctx) {
    if (file !== undefined && runs !== undefined)
      return errorReply(
        'Runs given twice',
        `Give the runs once: attach the file or paste the rows, not both (got a file${ctx.upload ? ` "${ctx.upload.name}"` : ''} and pasted text "${runs.slice(0, 40)}"). Example: /fit file:runs.csv save:my-runs`,
      );
    const text = file ?? runs;
    if (text === undefined || text.trim() === '')
      return noRuns(file !== undefined, ctx.uploadHint?.('fit'));
    const name = save?.trim().toLowerCase();
    if (name !== undefined) {
      if (!isSavedFitName(name))
        return errorReply(
          'Not a name a fit can have',
          `A saved fit's name is 1–32 lower-case letters, digits and '-', and not a built-in fit, 'all' or 'custom'; got "${save}". Example: save:my-runs`,
        );
      if ((await ctx.isStaff?.()) !== true)
        return errorReply(
          'Only TAs can save a fit',
          'Only TAs can save a fit for this server. Anyone can use a fit without saving it: pass its coefficients as fit:E,A,B,α,β.',
        );
    }
    const parsed = parseRunsCsv(text);
    const solution = solveFit(parsed);
    const d = solution.data;
    let saved: string | undefined;
    if (name !== undefined) {
      const repo = await ctx.services?.savedFits?.();
      if (!repo || !ctx.server) return unavailableReply('Saved fits', 'the database');
      await repo.put({
        platform: ctx.platform,
        server_id: ctx.server.id,
        name,
        e: d.E,
        a: d.A,
        b: d.B,
        alpha: d.alpha,
        beta: d.beta,
        saved_by: ctx.user.id,
        saved_at: Date.now(),
      });
      saved = `Saved as "${name}" for this server: use fit:${name} in /loss, /optimal and /target.`;
    }
    return {
      ...solution,
      summary: saved ? `${saved} ${solution.summary}` : solution.summary,
      visibility: 'public',
      chart: {
        kind: 'fit-runs',
        runs: parsed.slice(0, 500),
        coefficients: { E: d.E, A: d.A, B: d.B, alpha: d.alpha, beta: d.beta },
      },
    };
  },
});

/** Neither a file nor pasted rows (or an empty file): where each platform takes the runs. */
const noRuns = (emptyFile: boolean, upload: string | undefined) =>
  errorReply(
    emptyFile ? 'The file is empty' : 'No runs given',
    [
      `${emptyFile ? 'The file has no runs in it' : 'Give /fit your runs'}: a CSV of params,tokens,loss rows, one run a line (header optional).`,
      upload ? `To send a file, ${upload}; or paste the rows.` : 'Paste the rows.',
      'Example: /fit 151M,1.51B,3.683 151M,15.1B,3.254 367M,3.67B,3.358 367M,36.7B,2.949 749M,7.49B,3.152',
    ].join('\n'),
  );
