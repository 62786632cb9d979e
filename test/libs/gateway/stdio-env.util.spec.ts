import { ANONYMOUS_CALLER } from '@skillnest/skills';
import { GatewayConfigError, stdioCallerFromEnv, stdioOptionsFromEnv } from '@skillnest/gateway';

describe('stdio settings from the environment', () => {
  it('with nothing set, the caller is the local user of an unauthenticated gateway: anonymous, every scope', () => {
    expect(stdioCallerFromEnv({})).toBe(ANONYMOUS_CALLER);
    expect(stdioOptionsFromEnv({})).toEqual({ caller: ANONYMOUS_CALLER, legacy: 'serve' });
  });

  it('a caller id keeps its kind prefix, a bare name becomes stdio:<name>; scopes by spaces or commas, default every scope', () => {
    expect(stdioCallerFromEnv({ SKILLNEST_STDIO_CALLER: 'static:alice', SKILLNEST_STDIO_SCOPES: 'incidents:read, incidents:write' })).toEqual({
      id: 'static:alice',
      authenticated: true,
      scopes: ['incidents:read', 'incidents:write'],
      claims: {},
    });
    expect(stdioCallerFromEnv({ SKILLNEST_STDIO_CALLER: 'bob' })).toEqual({ id: 'stdio:bob', authenticated: true, scopes: ['*'], claims: {} });
    expect(stdioCallerFromEnv({ SKILLNEST_STDIO_SCOPES: 'catalog:read' })).toEqual({ ...ANONYMOUS_CALLER, scopes: ['catalog:read'] });
  });

  it('refuses at startup, naming the setting, what it cannot use', () => {
    expect(() => stdioCallerFromEnv({ SKILLNEST_STDIO_CALLER: 'two words' })).toThrow(GatewayConfigError);
    expect(() => stdioCallerFromEnv({ SKILLNEST_STDIO_CALLER: 'two words' })).toThrow(
      'SKILLNEST_STDIO_CALLER must be a caller id without spaces or control characters, at most 200 characters (got "two words").',
    );
    expect(() => stdioCallerFromEnv({ SKILLNEST_STDIO_CALLER: 'x'.repeat(201) })).toThrow('SKILLNEST_STDIO_CALLER');
    expect(() => stdioCallerFromEnv({ SKILLNEST_STDIO_SCOPES: 'ok "quoted"' })).toThrow(
      'SKILLNEST_STDIO_SCOPES must be scopes separated by spaces or commas (got "\\"quoted\\"")',
    );
    expect(() => stdioOptionsFromEnv({ SKILLNEST_STDIO_LEGACY: 'maybe' })).toThrow('SKILLNEST_STDIO_LEGACY must be serve or reject');
    expect(() => stdioOptionsFromEnv({ SKILLNEST_LOG_DESTINATION: 'stdout' })).toThrow('SKILLNEST_LOG_DESTINATION=stdout cannot be used over stdio');
  });
});
