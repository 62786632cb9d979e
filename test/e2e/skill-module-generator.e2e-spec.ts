import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
/** What a scratch copy of the repository needs to generate, compile and test a module (the rest stays out). */
const COPIED = ['package.json', 'tsconfig.json', 'jest.config.js', 'nest-cli.json', 'eslint.config.mjs', '.prettierrc.json', 'libs', 'src', 'migrations', 'schematics'];
/** Each step is bounded: a step that hangs fails the spec instead of holding the run. */
const STEP_TIMEOUT_MS = 120_000;

interface Step {
  code: number | null;
  output: string;
}

/** Runs one command in the scratch copy and settles with its exit code and output (never rejects). */
function step(cwd: string, command: string, args: string[]): Promise<Step> {
  const { JEST_WORKER_ID: _worker, ...env } = process.env;
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd, timeout: STEP_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, env: { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false' } },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

/** The migration the generator must make: one more than the highest number in the repository's folder. */
function expectedMigration(table: string): string {
  const numbers = readdirSync(join(ROOT, 'migrations')).flatMap((file) => /^(\d+)_[\w-]+\.sql$/.exec(file)?.[1] ?? []);
  const next = Math.max(0, ...numbers.map(Number)) + 1;
  return `${String(next).padStart(Math.max(3, ...numbers.map((number) => number.length)), '0')}_${table}.sql`;
}

describe('npm run g:skill (the skill-module generator) in a scratch copy of the repository', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'skillnest-generate-'));
  const node = (script: string, ...args: string[]) => step(scratch, process.execPath, [join(scratch, 'node_modules', script), ...args]);
  let generated: Step;

  beforeAll(async () => {
    for (const entry of COPIED) cpSync(join(ROOT, entry), join(scratch, entry), { recursive: true });
    cpSync(join(ROOT, 'test', 'support', 'ci-summary.reporter.js'), join(scratch, 'test', 'support', 'ci-summary.reporter.js'));
    symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(scratch, 'node_modules'), 'dir');
    generated = await step(scratch, 'npm', ['run', '--silent', 'g:skill', '--', 'parcels']);
  }, STEP_TIMEOUT_MS);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('makes the module, provider, DTOs, migration and spec with the expected names, and imports the module into AppModule', () => {
    expect(generated).toMatchObject({ code: 0 });
    for (const file of [
      'src/parcels/parcels.module.ts',
      'src/parcels/parcel.skills.ts',
      'src/parcels/dto/create-parcel.dto.ts',
      'src/parcels/dto/parcel.dto.ts',
      `migrations/${expectedMigration('parcels')}`,
      'test/src/parcels/parcel.skills.spec.ts',
    ]) {
      expect(existsSync(join(scratch, file)) ? file : `${file} is missing`).toBe(file);
    }
    expect(readFileSync(join(scratch, 'src', 'app.module.ts'), 'utf8')).toContain("import { ParcelsModule } from './parcels/parcels.module';");
  });

  it(
    'compiles (tsc --noEmit), passes its generated spec with jest against the real PostgreSQL, and follows the house lint and formatting',
    async () => {
      expect(generated).toMatchObject({ code: 0 });
      writeFileSync(join(scratch, 'tsconfig.generated.json'), JSON.stringify({ extends: './tsconfig.json', include: ['src/parcels', 'test/src/parcels', 'src/app.module.ts'] }));
      const files = ['src/parcels', 'test/src/parcels', 'src/app.module.ts'];
      // Independent checks, run at once.
      const [tsc, jest, eslint, prettier] = await Promise.all([
        node('typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.generated.json'),
        node('jest/bin/jest.js', '--ci', '--runInBand', '--forceExit', 'test/src/parcels'),
        node('eslint/bin/eslint.js', ...files),
        node('prettier/bin/prettier.cjs', '--check', ...files),
      ]);
      expect(tsc).toEqual({ code: 0, output: '' });
      expect(jest.output).toContain('Tests:       6 passed, 6 total');
      expect(jest).toMatchObject({ code: 0 });
      expect(eslint).toEqual({ code: 0, output: '' });
      expect(prettier).toMatchObject({ code: 0 });
    },
    2 * STEP_TIMEOUT_MS,
  );
});
