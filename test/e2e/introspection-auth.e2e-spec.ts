import { ScopedSkillsModule } from '../fixtures/scoped-skills.module';
import { startExampleApp, type RunningApp } from '../support/example-app.harness';
import { FakeIdentityProvider } from '../support/fake-identity-provider';
import { callToolOverHttp } from '../support/mcp-http';

describe('token introspection (RFC 7662)', () => {
  let idp: FakeIdentityProvider;
  let running: RunningApp;

  beforeAll(async () => {
    idp = await FakeIdentityProvider.start();
    idp.opaque.set('opaque-active-token', { sub: 'svc-reporting', scope: 'incidents:read', exp: Math.floor(Date.now() / 1000) + 600 });
    running = await startExampleApp({
      imports: [ScopedSkillsModule],
      env: {
        SKILLNEST_INTROSPECTION_URL: idp.introspectionUrl,
        SKILLNEST_INTROSPECTION_CLIENT_ID: 'skillnest',
        SKILLNEST_INTROSPECTION_CLIENT_SECRET: 'client-secret',
      },
    });
  });
  afterAll(async () => {
    await running?.close();
    await idp?.close();
  });

  it('accepts an active token and caches the answer briefly', async () => {
    const before = idp.introspections;
    for (let i = 0; i < 3; i++) {
      const outcome = await callToolOverHttp(running.mcpUrl.href, 'scoped_read', {}, { authorization: 'Bearer opaque-active-token' });
      expect(outcome.result?.content[0].text).toBe('read by introspection:svc-reporting');
    }
    expect(idp.introspections - before).toBe(1);
  });

  it('refuses an inactive token with 401', async () => {
    const outcome = await callToolOverHttp(running.mcpUrl.href, 'scoped_read', {}, { authorization: 'Bearer opaque-unknown-token' });
    expect(outcome.status).toBe(401);
  });

  it('answers 503 when introspection fails, never letting the token through', async () => {
    idp.introspectionMode = 'down';
    try {
      const outcome = await callToolOverHttp(running.mcpUrl.href, 'scoped_read', {}, { authorization: 'Bearer opaque-other-token' });
      expect(outcome.status).toBe(503);
    } finally {
      idp.introspectionMode = 'up';
    }
  });
});
