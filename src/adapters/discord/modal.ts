/**
 * A neutral ModalRequest (src/interaction.ts) as a Discord modal: one short text input per
 * field, each inside a label component (discord.js's ModalBuilder + LabelBuilder). Titles
 * and labels are cut to Discord's 45 characters; placeholders to 100.
 */
import { LabelBuilder, ModalBuilder, TextInputBuilder, TextInputStyle } from 'discord.js';
import type { ModalRequest } from '../../interaction.js';
import { MAX_FIELD } from '../../runtime/index.js';
import { truncate } from './text.js';

export function modalBuilder(modal: ModalRequest): ModalBuilder {
  return new ModalBuilder()
    .setCustomId(modal.id)
    .setTitle(truncate(modal.title, 45))
    .setLabelComponents(
      modal.fields.map((field) => {
        const input = new TextInputBuilder()
          .setCustomId(field.id)
          .setStyle(TextInputStyle.Short)
          .setRequired(true)
          .setMaxLength(MAX_FIELD);
        if (field.placeholder) input.setPlaceholder(truncate(field.placeholder, 100));
        return new LabelBuilder().setLabel(truncate(field.label, 45)).setTextInputComponent(input);
      }),
    );
}
