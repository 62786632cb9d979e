import type { FastifyReply, FastifyRequest } from 'fastify';
import { bearerAuthHook, type AuthenticatedRaw, type AuthenticatedRequest } from '../../../libs/gateway/src/auth/bearer-auth.hook';
import { StaticTokenVerifier } from '../../../libs/gateway/src/auth/static-token.verifier';
import type { TokenVerifier } from '../../../libs/gateway/src/auth/token-verifier.interface';
import { tokenCacheKey } from '../../../libs/gateway/src/auth/verified-token.cache';

/**
 * The hook's cost on the common path: a token some verifier already vouches for is admitted
 * within the call itself (no promise, no verification), the principal object is built once per
 * caller, and nothing about that shortcut weakens the full check.
 */
describe('bearerAuthHook', () => {
  const request = (authorization: string | undefined, url = '/mcp') => ({ url, headers: { authorization }, raw: {} }) as unknown as FastifyRequest;
  const reply = () => {
    const sent = { status: 0, body: '' };
    const fake = {
      sent,
      code: (status: number) => ((sent.status = status), fake),
      headers: () => fake,
      send: (body: string) => ((sent.body = body), fake),
    };
    return fake;
  };
  /** Runs the hook; resolves once it called `done`, with whether it did so before returning. */
  const run = async (hook: ReturnType<typeof bearerAuthHook>, req: FastifyRequest, res = reply()) => {
    let doneAt: 'sync' | 'async' | undefined;
    let returned = false;
    const finished = new Promise<void>((resolve) => hook(req, res as unknown as FastifyReply, () => ((doneAt = returned ? 'async' : 'sync'), resolve())));
    returned = true;
    await finished;
    return { doneAt, status: res.sent.status };
  };

  it('admits a configured static token within the call: no promise, no verify()', async () => {
    const statics = new StaticTokenVerifier([{ token: 'tok-1', id: 'svc', scopes: ['incidents:read'] }]);
    const verify = jest.spyOn(statics, 'verify');
    const req = request('Bearer tok-1');
    expect(await run(bearerAuthHook([statics], undefined), req)).toEqual({ doneAt: 'sync', status: 0 });
    expect(verify).not.toHaveBeenCalled();
    expect((req as AuthenticatedRequest).user).toMatchObject({ id: 'static:svc', scopes: ['incidents:read'] });
    expect((req.raw as AuthenticatedRaw).auth).toMatchObject({ token: '', clientId: 'static:svc', scopes: ['incidents:read'] });
  });

  it('admits a token a later verifier remembers, and hands every request of a caller the same principal object', async () => {
    const caller = Object.freeze({ id: 'jwt:idp|ana', authenticated: true, scopes: Object.freeze(['a']), claims: Object.freeze({}) });
    const remembered: TokenVerifier = { accepts: () => true, verify: jest.fn(), known: (key) => (key === tokenCacheKey('eyJ.a.b') ? caller : undefined) };
    const hook = bearerAuthHook([new StaticTokenVerifier(['other']), remembered], undefined);
    const [first, second] = [request('bearer eyJ.a.b'), request('Bearer eyJ.a.b')];
    expect((await run(hook, first)).doneAt).toBe('sync');
    expect((await run(hook, second)).doneAt).toBe('sync');
    expect(remembered.verify).not.toHaveBeenCalled();
    expect((second.raw as AuthenticatedRaw).auth).toBe((first.raw as AuthenticatedRaw).auth);
    expect(Object.isFrozen((first.raw as AuthenticatedRaw).auth)).toBe(true);
  });

  it('sends an unknown token through the full check, which verifies it', async () => {
    const verifier: TokenVerifier = { accepts: () => true, verify: jest.fn().mockResolvedValue(undefined), known: () => undefined };
    expect(await run(bearerAuthHook([verifier], undefined), request('Bearer fresh-token'))).toEqual({ doneAt: 'async', status: 401 });
    expect(verifier.verify).toHaveBeenCalledWith('fresh-token');
  });

  it('still refuses a known token sent in the query string too, and a header whose syntax is wrong', async () => {
    const hook = bearerAuthHook([new StaticTokenVerifier(['tok-1'])], undefined);
    expect((await run(hook, request('Bearer tok-1', '/mcp?access_token=tok-1'))).status).toBe(400);
    expect((await run(hook, request('Bearer  tok-1'))).status).toBe(400);
    expect((await run(hook, request('Basic tok-1'))).status).toBe(400);
    expect((await run(hook, request(undefined))).status).toBe(401);
  });
});
