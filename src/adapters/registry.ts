/**
 * Every chat adapter main.ts may start, in start order (and reverse stop order). Adding an
 * adapter is one line here plus its own directory; see src/adapters/README.md.
 */
import type { ChatAdapter } from './contract.js';
import { discordAdapter } from './discord/adapter.js';
import { playgroundAdapter } from './playground/adapter.js';
import { slackAdapter } from './slack/adapter.js';

export const adapters: readonly ChatAdapter[] = [discordAdapter, slackAdapter, playgroundAdapter];
