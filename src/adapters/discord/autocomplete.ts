/** Autocomplete: a command's own `suggest`, or its option's choices filtered by what was typed. */
import type { AutocompleteInteraction } from 'discord.js';
import type { AnyCommand, SuggestContext } from '../../../commands/define.js';
import { optionSpecs } from '../../../commands/schema.js';
import { discordName } from './register.js';
import { truncate } from './text.js';

export async function answerAutocomplete(
  interaction: AutocompleteInteraction,
  command: AnyCommand | undefined,
  ctx?: SuggestContext,
): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const spec = command && optionSpecs(command).find((s) => discordName(s.name) === focused.name);
  let suggestions: { name: string; value: string }[] = [];
  if (command && spec) {
    const suggest = command.suggest?.[spec.name];
    const typed = String(focused.value ?? '');
    suggestions = suggest
      ? await suggest(typed, ctx)
      : (spec.choices ?? [])
          .filter((c) => c.includes(typed.toLowerCase()))
          .map((c) => ({ name: c, value: c }));
  }
  await interaction.respond(
    suggestions
      .filter((s) => s.value.length > 0 && s.value.length <= 100)
      .slice(0, 25)
      .map((s) => ({ name: truncate(s.name.trim() || s.value, 100), value: s.value })),
  );
}
