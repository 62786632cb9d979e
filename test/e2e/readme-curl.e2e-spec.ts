import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startExampleApp, type RunningApp } from '../support/example-app.harness';

const run = promisify(execFile);
const TOKEN = `curl-${randomBytes(12).toString('hex')}`;

/** The README's curl examples: `<!-- curl: <era> -->` right above a fenced `sh` block. */
function readmeCurlBlocks(): Map<string, string> {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  return new Map([...readme.matchAll(/<!-- curl: (\S+) -->\n```sh\n([\s\S]*?)\n```/g)].map((match) => [match[1], match[2]]));
}

describe('the README curl examples, run as written against the example', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startExampleApp({ env: { SKILLNEST_TOKENS: `readme=${TOKEN}` } });
  });
  afterAll(async () => {
    await app?.close();
  });

  /** Runs a block with bash as a reader would paste it, the README's address replaced by the test's. */
  const runBlock = async (era: string) => {
    const block = readmeCurlBlocks().get(era);
    expect(block ? era : `no curl block for ${era}`).toBe(era);
    const script = block!.replaceAll('http://127.0.0.1:3000', app.origin);
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', script], { env: { PATH: process.env.PATH, SKILLNEST_TOKEN: TOKEN }, timeout: 20_000 });
    return stdout;
  };

  /** The tool call's answer in what curl printed: a JSON body, or the data line of an event stream. */
  const callResult = (stdout: string) => {
    const line = stdout.split('\n').find((text) => text.includes('"id":') && text.includes('"result"'));
    return JSON.parse(line!.replace(/^data: /, '')) as { result: { structuredContent: { services: Array<{ name: string }> } } };
  };

  it('2026-07-28: one self-contained request answers the tool call', async () => {
    const answer = callResult(await runBlock('2026-07-28'));
    expect(answer.result.structuredContent.services.map((service) => service.name)).toContain('payments-gateway');
  });

  it('2025-11-25: initialize, notifications/initialized, then the call in the session', async () => {
    const answer = callResult(await runBlock('2025-11-25'));
    expect(answer.result.structuredContent.services.map((service) => service.name)).toContain('payments-gateway');
  });
});
