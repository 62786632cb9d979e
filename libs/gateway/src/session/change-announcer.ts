import type { McpHttpHandler } from '@modelcontextprotocol/server';
import type { SkillsChange } from '@skillnest/skills';
import type { LegacySessionManager } from './legacy-session.manager';

/**
 * Tells every client that should hear about a change: open `subscriptions/listen` streams
 * (2026-07-28, through the SDK's bus) and legacy sessions (unsolicited notifications; a resource
 * update only to the sessions subscribed to it).
 */
export function announceChanges(change: SkillsChange, handler: McpHttpHandler, sessions: LegacySessionManager): void {
  if (change.type === 'resource') {
    handler.notify.resourceUpdated(change.uri);
    sessions.forEach((mcp, subscribed) => {
      if (subscribed.has(change.uri)) void mcp.server.sendResourceUpdated({ uri: change.uri }).catch(() => undefined);
    });
    return;
  }
  if (change.kind === 'tool') handler.notify.toolsChanged();
  else if (change.kind === 'prompt') handler.notify.promptsChanged();
  else handler.notify.resourcesChanged();
  sessions.forEach((mcp) => {
    if (change.kind === 'tool') mcp.sendToolListChanged();
    else if (change.kind === 'prompt') mcp.sendPromptListChanged();
    else mcp.sendResourceListChanged();
  });
}
