/**
 * Moved to the command runtime (src/runtime/). Kept as a re-export so the engines' tests that
 * run a command directly keep their imports; new code imports src/runtime/index.js.
 */
export { helpFor, runAction, runCommand, runCommandText } from '../../runtime/index.js';
