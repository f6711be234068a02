/**
 * The one error type user input can produce. Adapters show `message` to the user as is:
 * it quotes what was received and gives an example that works, so no stack trace is needed.
 */
export type InputErrorCode =
  | 'empty'
  | 'not_a_number'
  | 'not_positive'
  | 'not_finite'
  | 'out_of_range'
  | 'wrong_unit'
  | 'unknown_option'
  | 'missing_option'
  | 'unsupported';

export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    readonly code: InputErrorCode,
    /** What was wrong, in a sentence. */
    readonly problem: string,
    /** The text the user typed (quoted back to them). */
    readonly received: string | undefined,
    /** An input that works. */
    readonly example: string,
  ) {
    super(InputError.compose(problem, received, example));
  }

  static compose(problem: string, received: string | undefined, example: string): string {
    const got = received === undefined ? '' : ` (received ${quote(received)})`;
    return `${problem}${got}. Example that works: ${example}`;
  }
}

/** Quote user text for an error message, shortened so a pasted essay stays readable. */
export function quote(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const short = oneLine.length > 60 ? `${oneLine.slice(0, 57)}…` : oneLine;
  return `"${short}"`;
}
