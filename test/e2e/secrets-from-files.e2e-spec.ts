import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContextProbeModule } from '../fixtures/context-probe.module';
import { ScopedSkillsModule } from '../fixtures/scoped-skills.module';
import { startExampleApp, type RunningApp } from '../support/example-app.harness';
import { callToolOverHttp, modernRequest } from '../support/mcp-http';

const ANA = 'file-ana-token-0123456789abcdef';
const BEN = 'file-ben-token-0123456789abcdef';
const KEY = 'a'.repeat(32) + 'state-key-from-a-mounted-secret';
const ASKS = { 'io.modelcontextprotocol/clientCapabilities': { elicitation: { form: {} } } };

/**
 * Secrets mounted as files (Docker and Kubernetes secrets): SKILLNEST_TOKENS_FILE (one token a
 * line, the trailing newline of `echo` ignored) and SKILLNEST_STATE_KEY_FILE (the key that seals
 * requestState, so that a round started on one replica finishes on another with the same key).
 */
describe('tokens and the state key read from files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'skillnest-secrets-'));
  const tokensFile = join(dir, 'tokens');
  const keyFile = join(dir, 'state-key');
  let fromFiles: RunningApp;
  let fromEnv: RunningApp;
  let otherKey: RunningApp;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const confirm = (app: RunningApp, retry?: object) => modernRequest(app.mcpUrl.href, 'tools/call', { name: 'probe_confirm', arguments: {}, ...retry, _meta: ASKS }, bearer(ANA));

  beforeAll(async () => {
    writeFileSync(tokensFile, `ana=${ANA}[incidents:read]\nben=${BEN}\n`);
    writeFileSync(keyFile, `${KEY}\n`);
    fromFiles = await startExampleApp({ env: { SKILLNEST_TOKENS_FILE: tokensFile, SKILLNEST_STATE_KEY_FILE: keyFile }, imports: [ScopedSkillsModule, ContextProbeModule] });
    const shared = { DATABASE_URL: fromFiles.database!.url, SKILLNEST_TOKENS: `ana=${ANA}[incidents:read]` };
    fromEnv = await startExampleApp({ env: { ...shared, SKILLNEST_STATE_KEY: KEY }, imports: [ContextProbeModule] });
    otherKey = await startExampleApp({ env: { ...shared, SKILLNEST_STATE_KEY: 'b'.repeat(64) }, imports: [ContextProbeModule] });
  });
  afterAll(async () => {
    await otherKey?.close();
    await fromEnv?.close();
    await fromFiles?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts every token of the file, each with its name and scopes, and nothing else', async () => {
    const whoami = async (token: string) => (await callToolOverHttp(fromFiles.mcpUrl.href, 'scoped_public', {}, bearer(token))).result?.content[0].text;
    expect(await whoami(ANA)).toBe('hello static:ana (incidents:read)');
    expect(await whoami(BEN)).toBe('hello static:ben (*)'); // a static token without a scope list may use every skill
    expect((await callToolOverHttp(fromFiles.mcpUrl.href, 'scoped_public', {}, bearer(`${ANA}x`))).status).toBe(401);
  });

  it('seals requestState with the key of the file: another replica with that key finishes the round, one with another key refuses it', async () => {
    const asked = (await confirm(fromFiles)).body?.result as { resultType: string; requestState: string };
    expect(asked).toMatchObject({ resultType: 'input_required', requestState: expect.any(String) });
    const answer = { inputResponses: { confirm: { action: 'accept', content: { ok: true } } }, requestState: asked.requestState };
    const finished = await confirm(fromEnv, answer);
    expect(finished.body?.result).toMatchObject({ content: [{ type: 'text', text: 'confirmed by static:ana: yes' }] });
    const refused = await confirm(otherKey, answer);
    expect(refused.body?.error).toMatchObject({ code: -32602, message: expect.stringMatching(/^Invalid or expired requestState: /) });
  });

  it('refuses to start when a secret file cannot be read, naming the setting and not the path', async () => {
    const missing = join(dir, 'not-mounted');
    for (const setting of ['SKILLNEST_TOKENS_FILE', 'SKILLNEST_STATE_KEY_FILE']) {
      const started = startExampleApp({ env: { DATABASE_URL: fromFiles.database!.url, SKILLNEST_TOKENS: `ana=${ANA}`, [setting]: missing } });
      await expect(started).rejects.toThrow(`${setting} is set but the file cannot be read; check the secret is mounted.`);
    }
  });
});
