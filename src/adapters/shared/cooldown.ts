/** Moved to src/runtime/cooldown.ts (commands declare `policy.cooldown`); re-exported for tests. */
export { Cooldown, type CooldownOptions } from '../../runtime/cooldown.js';
