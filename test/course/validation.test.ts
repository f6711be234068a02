// Every validation problem, with the line it is reported on; and all-or-nothing results.
import { describe, expect, it } from 'vitest';
import { importCourse, type CourseFormat } from '../../src/course/import/index.js';
import { MAX_ITEMS } from '../../src/course/import/problems.js';

const HEAD = 'id,type,prompt,choices,answer,tolerance,difficulty';
const csv = (...rows: string[]) => [HEAD, ...rows].join('\n');
const problems = (text: string, format: CourseFormat) => importCourse(text, { format }).problems;

describe('CSV validation', () => {
  it.each([
    ['unknown column', 'id,type,prompt,answer,colour\n', 1, "unknown column 'colour' (column 5)"],
    ['column twice', 'type,prompt,answer,prompt\n', 1, "column 'prompt' appears twice"],
    ['missing columns', 'id,prompt\n', 1, 'the header row lacks type, answer'],
    ['too many fields', csv('', 'a,card,Front?,,Back,,,extra'), 3, '8 fields but the header has 7'],
    [
      'bad type',
      csv('a,essay,Write about N.,,x'),
      2,
      "type 'essay' is not one of choice, truefalse, numeric, card",
    ],
    [
      'bad difficulty',
      csv('a,card,Front?,,Back,,brutal'),
      2,
      "difficulty 'brutal' is not one of easy, medium, hard",
    ],
    [
      'choices on a card',
      csv('a,card,Front?,x|y,Back'),
      2,
      'choices are only for choice questions',
    ],
    [
      'tolerance on a choice',
      csv('a,choice,Which?,x|y,x,0.1'),
      2,
      'tolerance is only for numeric questions',
    ],
    ['empty answer', csv('a,truefalse,Is it?,,'), 2, 'answer is empty; write true or false'],
    [
      'true/false answer',
      csv('a,truefalse,Is it?,,maybe'),
      2,
      "answer 'maybe' is not true or false",
    ],
    ['numeric answer', csv('a,numeric,How many?,,lots'), 2, "answer 'lots' is not a number"],
    [
      'tolerance',
      csv('a,numeric,How many?,,20,-1'),
      2,
      "tolerance '-1' is not a number of 0 or more",
    ],
    ['one choice', csv('a,choice,Which?,only,only'), 2, 'must be 2 to 6 non-empty options'],
    ['empty choice', csv('a,choice,Which?,x||y,x'), 2, 'must be 2 to 6 non-empty options'],
    [
      'answer not a choice',
      csv('b,card,Front?,,Back', 'a,choice,Which?,w|x|y|z,E'),
      3,
      "answer 'E' is not one of the 4 choices",
    ],
    [
      'answer number past the choices',
      csv('a,choice,Which?,w|x,3'),
      2,
      "answer '3' is not one of the 2 choices",
    ],
    [
      'too many choices',
      csv('a,choice,Which?,a|b|c|d|e|f|g,a'),
      2,
      'choices has more than 6 choices',
    ],
    ['duplicate choices', csv('a,choice,Which?,x|X|y,y'), 2, "choice 'x' appears twice"],
    ['empty prompt', csv('a,card,,,Back'), 2, 'prompt is empty'],
    [
      'long prompt',
      csv(`a,card,${'p'.repeat(1001)},,Back`),
      2,
      'prompt is longer than 1000 characters',
    ],
    [
      'id with a space',
      csv('two words,card,Front?,,Back'),
      2,
      'id must be one word without spaces',
    ],
    [
      'control character',
      csv('a,card,Front\u0007?,,Back'),
      2,
      'prompt contains control characters',
    ],
    [
      'unclosed quote',
      csv('a,card,Front?,,Back', 'b,card,"Front, never closed,,Back'),
      3,
      'Quote Not Closed',
    ],
    ['stray quote', csv('a,card,"Front" and more,,Back'), 2, 'Invalid Closing Quote'],
  ])('%s', (_name, text, line, message) => {
    const found = problems(text, 'csv');
    expect(found).toContainEqual({ line, message: expect.stringContaining(message) });
  });

  it('says how to quote when a quote is left open', () => {
    const found = problems(csv('a,card,"Front, never closed,,Back'), 'csv');
    expect(found[0]!.message).toContain('double the quotes inside');
  });

  it('reports duplicate ids and duplicate prompts with the first line', () => {
    const found = problems(
      csv(
        'a,card,Front one?,,Back',
        'b,card,Front two?,,Back',
        'a,card,Front three?,,Back',
        'c,card,front ONE?,,Back',
      ),
      'csv',
    );
    expect(found).toEqual([
      { line: 4, message: "id 'a' is already used on line 2; give each item its own id" },
      { line: 5, message: 'the same card front as line 2; remove one of them' },
    ]);
  });

  it('is all or nothing: one bad row and no item is returned', () => {
    const result = importCourse(csv('a,card,Front one?,,Back', 'b,card,,,Back'), { format: 'csv' });
    expect(result.problems).toEqual([{ line: 3, message: 'prompt is empty' }]);
    expect(result.items).toEqual([]);
  });

  it('reports every problem of a file, in line order', () => {
    const found = problems(
      csv('a,essay,Q?,,x', 'b,card,Front?,,Back', 'c,truefalse,Q?,,perhaps'),
      'csv',
    );
    expect(found.map((p) => p.line)).toEqual([2, 4]);
  });

  it('counts lines through quoted newlines and blank lines', () => {
    const found = problems(
      csv('a,card,"Front\nover\nthree lines?",,Back', '', 'b,card,Front?,,'),
      'csv',
    );
    expect(found).toEqual([{ line: 6, message: expect.stringContaining('answer is empty') }]);
  });

  it(`allows ${MAX_ITEMS} items and says so past them`, () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => `c${i},card,Front ${i}?,,Back`);
    expect(problems(csv(...rows(MAX_ITEMS)), 'csv')).toEqual([]);
    expect(problems(csv(...rows(MAX_ITEMS + 1)), 'csv')).toEqual([
      {
        line: MAX_ITEMS + 2,
        message: `the file has ${MAX_ITEMS + 1} items; the limit is 1,000 — split it into several files`,
      },
    ]);
  });
});

describe('Anki validation', () => {
  it.each([
    ['separator', '#separator:Slash-ish\nA\tB', 1, "separator 'Slash-ish' is not Tab"],
    ['html', '#separator:tab\n#html:yes\nA\tB', 2, "#html: must be true or false, not 'yes'"],
    [
      'column number',
      '#separator:tab\n#html:false\n#guid column:first\nA\tB',
      3,
      '#guid column: must be a column number from 1',
    ],
    [
      'note type',
      '#separator:tab\n#notetype column:1\nBasic\tFront?\tBack\nCloze\t{{c1::N}} is params\t',
      4,
      "note type 'Cloze' is not supported",
    ],
    [
      'no back',
      '#separator:tab\n#html:false\nFront only',
      3,
      'a card needs a front and a back; found 1 field',
    ],
    [
      'empty back after HTML',
      '#separator:tab\n#html:true\nFront?\t<script>x</script>',
      3,
      'a card needs a front and a back',
    ],
    [
      'duplicate GUID',
      '#separator:tab\n#guid column:1\ng1\tFront one?\tBack\ng1\tFront two?\tBack',
      4,
      "id 'g1' is already used on line 3",
    ],
  ])('%s', (_name, text, line, message) => {
    expect(problems(text, 'anki')).toContainEqual({
      line,
      message: expect.stringContaining(message),
    });
  });
});

describe('GIFT validation', () => {
  it.each([
    [
      'syntax',
      '::a:: Fine? {T}\n\n// a comment\n::b:: Broken {=x ~y',
      4,
      'cannot read this GIFT question',
    ],
    ['two right answers', '::a:: Which? {=x =y ~z}', 1, 'needs exactly one right answer (=)'],
    ['partial credit', '::a:: Which? {=x ~%50%y ~z}', 1, 'no partial credit'],
    ['essay', '\n\n::a:: Write about scaling. {}', 3, 'essay questions are not supported'],
    [
      'short answer',
      '::a:: Name the rule. {=Chinchilla}',
      1,
      'short-answer questions are not supported',
    ],
    [
      'matching',
      '::a:: Match. { =N -> params =D -> tokens =C -> compute }',
      1,
      'matching questions are not supported',
    ],
    ['numeric without a right answer', '::a:: How many? {#~20}', 1, 'numeric'],
    [
      'choice emptied by dropped HTML',
      '\n::a:: Which? {=<script>x</script> ~y}',
      2,
      'choice 1 is empty',
    ],
    [
      'duplicate names',
      '::same:: One? {T}\n\n::same:: Two? {F}',
      3,
      "id 'same' is already used on line 1",
    ],
  ])('%s', (_name, text, line, message) => {
    expect(problems(text, 'gift')).toContainEqual({
      line,
      message: expect.stringContaining(message),
    });
  });
});

describe('whole-file problems', () => {
  it.each([
    ['empty', '', 'the file is empty'],
    ['no format', 'words with no shape\n', 'cannot tell the format'],
  ])('%s', (_name, text, message) => {
    expect(importCourse(text).problems).toEqual([
      { line: 0, message: expect.stringContaining(message) },
    ]);
  });
});
