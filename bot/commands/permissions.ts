// Reading is a permission too (issue 10): which intents need which right, checked once for every
// path that runs a command (a message, or a card that continues one, e.g. choose-a-cluster).
import type { Intent } from './definitions.ts';
import type { CommandContext, CommandHandler, Reply } from './types.ts';

/** What an intent needs: `anyone` (help, language, unknown text), `read` (VIEWERS), `request` (checked by the
 * approval flow itself: REQUESTERS, Entra id), `manage-channels` (approvers). */
export type CommandPermission = 'anyone' | 'read' | 'request' | 'manage-channels';

/** The permission of every intent (a literal table; a test keeps it complete). */
export const COMMAND_PERMISSIONS: Readonly<Record<Intent | 'unknown', CommandPermission>> = {
  help: 'anyone',
  unknown: 'anyone',
  language: 'anyone',
  preflight: 'read',
  list: 'read',
  status: 'read',
  history: 'read',
  plan: 'read',
  upgrade: 'request',
  cancel: 'request',
  subscribe: 'manage-channels',
  unsubscribe: 'manage-channels',
  readiness: 'read',
  digest: 'manage-channels',
};

/** The refusal for `ctx`'s user, or undefined when the intent's permission is held. */
export function refusal(permission: CommandPermission, ctx: CommandContext): Reply | undefined {
  const access = ctx.services.access;
  if (!access) return undefined;
  const gate = permission === 'read' ? access.mayRead(ctx.user, ctx.locale)
    : permission === 'manage-channels' ? access.mayManageChannels(ctx.user, ctx.locale)
      : { ok: true as const };
  return gate.ok ? undefined : gate.reply;
}

/** The handlers, each wrapped so it runs only for users holding its intent's permission. */
export function withPermissions(handlers: readonly CommandHandler[]): CommandHandler[] {
  return handlers.map((handler) => {
    const permission = COMMAND_PERMISSIONS[handler.intent];
    if (permission === 'anyone' || permission === 'request') return handler;
    return {
      intent: handler.intent,
      slow: handler.slow,
      handle: async (ctx) => refusal(permission, ctx) ?? handler.handle(ctx),
    };
  });
}
