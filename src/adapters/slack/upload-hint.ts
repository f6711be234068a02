/**
 * How a file reaches a command on Slack. A slash command cannot carry one, so it is shared with
 * the bot in a direct message and routed by the message's text (src/adapters/slack/uploads.ts).
 */
export const slackUploadHint = (command: string): string =>
  command === 'fit'
    ? 'share the CSV with me in a direct message whose text is "fit"'
    : 'share the file with me in a direct message (its text may name the deck, e.g. name:week-3)';
