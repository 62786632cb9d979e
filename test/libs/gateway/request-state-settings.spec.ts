import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayConfig, GatewayConfigError } from '@skillnest/gateway';
import { gatewayOptionsFromEnv } from '../../../libs/gateway/src/gateway-env.util';
import { STATE_KEY } from './gateway-test-module';

const OLD = 'o'.repeat(40);
const OLDER = 'p'.repeat(40);

/** The request state settings, from options and from the environment, with their refusals. */
describe('request state settings', () => {
  const fromEnv = (env: Record<string, string>) => new GatewayConfig(gatewayOptionsFromEnv({ SKILLNEST_STATE_KEY: STATE_KEY, ...env }));

  it('reads the TTL and the previous keys from the environment, inline and from a secret file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'state-keys-'));
    writeFileSync(join(dir, 'previous'), `${OLDER}\n\n`);
    const config = fromEnv({ SKILLNEST_STATE_TTL_MS: '120000', SKILLNEST_STATE_KEY_PREVIOUS: ` ${OLD} `, SKILLNEST_STATE_KEY_PREVIOUS_FILE: join(dir, 'previous') });
    expect(config.requestStateTtlMs).toBe(120_000);
    expect(config.previousRequestStateKeys).toEqual([OLD, OLDER]);
    expect(fromEnv({}).previousRequestStateKeys).toEqual([]);
  });

  it('refuses to start with a TTL that is no whole positive number of milliseconds', () => {
    for (const ttl of ['0', '-5', 'ten minutes', '1.5']) {
      expect(() => fromEnv({ SKILLNEST_STATE_TTL_MS: ttl })).toThrow(GatewayConfigError);
      expect(() => fromEnv({ SKILLNEST_STATE_TTL_MS: ttl })).toThrow(
        /^requestStateTtlMs \(SKILLNEST_STATE_TTL_MS\) .* is not valid: use a whole number of milliseconds, 1 or more\.$/,
      );
    }
  });

  it('refuses to start with a previous key shorter than 32 bytes, naming which', () => {
    expect(() => fromEnv({ SKILLNEST_STATE_KEY_PREVIOUS: `${OLD},short` })).toThrow('Previous request state key #2 (SKILLNEST_STATE_KEY_PREVIOUS) is shorter than 32 bytes');
    expect(() => new GatewayConfig({ requestStateKey: STATE_KEY, previousRequestStateKeys: [new Uint8Array(16)] })).toThrow(GatewayConfigError);
  });

  it('refuses to start when the previous-keys file cannot be read, without echoing its path', () => {
    expect(() => fromEnv({ SKILLNEST_STATE_KEY_PREVIOUS_FILE: '/nonexistent/previous-keys' })).toThrow(
      'SKILLNEST_STATE_KEY_PREVIOUS_FILE is set but the file cannot be read; check the secret is mounted.',
    );
  });
});
