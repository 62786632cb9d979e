import { SetMetadata } from '@nestjs/common';

export const SCOPES_METADATA = 'skillnest:scopes';
export const PUBLIC_METADATA = 'skillnest:public';

/**
 * The OAuth scopes a caller needs for a skill: all of them. On a class it applies to every skill
 * of the class, and method-level scopes add to it. A caller without them does not see the skill
 * in lists, and calling it answers HTTP 403 `insufficient_scope` naming exactly these scopes.
 */
export const Scopes = (...scopes: string[]) => SetMetadata(SCOPES_METADATA, scopes);

/**
 * Open to every caller that passed the gateway's authentication, whatever its scopes; on a class,
 * every skill of it. (An unauthenticated request never reaches a skill of an authenticated gateway.)
 */
export const Public = () => SetMetadata(PUBLIC_METADATA, true);
