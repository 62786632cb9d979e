import type { FastifyRequest } from 'fastify';
import { ANONYMOUS_CALLER } from '@skillnest/skills';
import type { AuthenticatedRaw, CallerAuthInfo } from '../../auth/bearer-auth.hook';
import { trailOf } from '../request-trail';

/**
 * Hands a request's trail to the SDK path: the SDK carries `req.auth` to its handlers
 * (`ctx.http.authInfo`) and nothing else of the Node request, so the trail rides in a per-request
 * copy of it (the bearer hook's object is shared by every request of a principal).
 */
export function passTrailToSdk(request: FastifyRequest): void {
  const trail = trailOf(request);
  if (!trail) return;
  const raw = request.raw as AuthenticatedRaw;
  const auth = raw.auth;
  raw.auth = auth
    ? ({ ...auth, extra: { ...auth.extra, trail } } as CallerAuthInfo)
    : ({ token: '', clientId: ANONYMOUS_CALLER.id, scopes: [...ANONYMOUS_CALLER.scopes], extra: { caller: ANONYMOUS_CALLER, trail } } as CallerAuthInfo);
}
