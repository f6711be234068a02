// `scaling-tutor course check`, end to end: the real bin through tsx, exit codes and the JSON.
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const run = async (...args: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      'node',
      ['bin/scaling-tutor.js', ...args],
      { cwd: process.cwd() },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};
const FIXTURES = 'test/course/fixtures';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'course-cli-'));
  await writeFile(
    join(dir, 'bad.csv'),
    'id,type,prompt,choices,answer\nq1,card,Front?,,Back\nq2,choice,Which one?,w|x|y|z,E\n',
  );
  await writeFile(
    join(dir, 'image.png'),
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
  );
  await writeFile(join(dir, 'huge.csv'), new Uint8Array(10 * 1024 * 1024).fill(0x61));
});

describe('scaling-tutor course check', () => {
  it('--json prints the contract object for a good Anki file and exits 0', async () => {
    const { code, stdout, stderr } = await run(
      'course',
      'check',
      `${FIXTURES}/practice-cards.txt`,
      '--json',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ format: 'anki', questions: 0, cards: 9, errors: [] });
  });

  it('--json prints the errors with their lines and exits 2', async () => {
    const { code, stdout } = await run('course', 'check', join(dir, 'bad.csv'), '--json');
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toEqual({
      format: 'csv',
      questions: 0,
      cards: 0,
      errors: [
        { line: 3, message: expect.stringContaining("answer 'E' is not one of the 4 choices") },
      ],
    });
  });

  it('without --json prints a readable report', async () => {
    const good = await run('course', 'check', `${FIXTURES}/questions.gift`);
    expect(good).toMatchObject({ code: 0, stderr: '' });
    expect(good.stdout).toContain('gift file, 5 questions, 0 cards. It would import as it is.');
    const bad = await run('course', 'check', join(dir, 'bad.csv'));
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain("line 3: answer 'E' is not one of the 4 choices");
  });

  it('--format overrides detection', async () => {
    const { code, stdout } = await run(
      'course',
      'check',
      `${FIXTURES}/questions.csv`,
      '--format',
      'tsv',
      '--json',
    );
    expect(code).toBe(2);
    const json = JSON.parse(stdout);
    expect(json.format).toBe('tsv');
    // Read as TSV, the comma file's first quoted field is out of place on line 2.
    expect(json.errors).toEqual([
      { line: 2, message: expect.stringContaining('Invalid Opening Quote') },
    ]);
  });

  it('refuses a binary file and a 10 MB file, as JSON, exit 2', async () => {
    const png = JSON.parse((await run('course', 'check', join(dir, 'image.png'), '--json')).stdout);
    expect(png).toMatchObject({
      format: null,
      errors: [{ line: 0, message: expect.stringContaining('not a text file') }],
    });
    const huge = await run('course', 'check', join(dir, 'huge.csv'), '--json');
    expect(huge.code).toBe(2);
    expect(JSON.parse(huge.stdout).errors).toEqual([
      { line: 0, message: 'the file is 10.0 MB; the limit is 1 MB — split it into several files' },
    ]);
  });

  it('bad usage: a missing file, a bad --format, import without --server', async () => {
    const missing = await run('course', 'check', join(dir, 'nope.csv'), '--json');
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toContain('Cannot read');
    expect(missing.stderr).toContain('ENOENT');
    const format = await run('course', 'check', 'x.csv', '--format', 'xlsx');
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--format must be auto, csv, tsv, anki or gift, not "xlsx"');
    const importing = await run('course', 'import', `${FIXTURES}/questions.csv`);
    expect(importing.code).toBe(2);
    expect(importing.stderr).toContain('Give the server: --server ID');
    const exporting = await run('course', 'export', '--server', '1', '--format', 'xlsx');
    expect(exporting.stderr).toContain('--format must be anki or csv, not "xlsx"');
  });
});

describe('scaling-tutor course import / export on DATABASE_URL', () => {
  const withDb = async (...args: string[]) => {
    const env = { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'cli.sqlite')}` };
    try {
      const { stdout, stderr } = await promisify(execFile)(
        'node',
        ['bin/scaling-tutor.js', ...args],
        {
          cwd: process.cwd(),
          env,
        },
      );
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it('imports, exports Anki with GUIDs, re-imports in place; a bad file imports nothing', async () => {
    const first = await withDb(
      'course',
      'import',
      `${FIXTURES}/practice-cards.txt`,
      '--server',
      'g1',
      '--name',
      'practice',
      '--json',
    );
    expect(first.stderr).toBe('');
    expect(JSON.parse(first.stdout)).toMatchObject({
      imported: true,
      deck: 'practice',
      cards: 9,
      added: 9,
    });
    const out = await withDb(
      'course',
      'export',
      '--server',
      'g1',
      '--format',
      'anki',
      '--deck',
      'practice',
    );
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('#guid column:1');
    expect(out.stdout).toContain('f1Xq&Zr.0a\tBasic\t');
    await writeFile(join(dir, 'again.txt'), out.stdout);
    const again = await withDb(
      'course',
      'import',
      join(dir, 'again.txt'),
      '--server',
      'g1',
      '--name',
      'practice',
      '--json',
    );
    expect(JSON.parse(again.stdout)).toMatchObject({ added: 0, updated: 9, removed: 0 });
    const bad = await withDb(
      'course',
      'import',
      join(dir, 'bad.csv'),
      '--server',
      'g1',
      '--name',
      'practice',
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('line 3:');
    const still = await withDb('course', 'export', '--server', 'g1', '--format', 'csv');
    expect(still.stdout.split('\n').filter((l) => l.startsWith('f1Xq')).length).toBe(9);
    const other = await withDb(
      'course',
      'export',
      '--server',
      'g2',
      '--format',
      'csv',
      '--deck',
      'practice',
    );
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('No deck "practice"');
  });
});
