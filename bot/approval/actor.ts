// Who a Teams user is to the approval policy.
import type { Actor } from '../../services/approval/types.ts';
import type { UserInfo } from '../commands/types.ts';
import type { TeamsUser } from '../ports.ts';

/** The Entra identity of a Teams user (object id when Teams sent one), with the Teams user id as an
 * alias so four-eyes compares both. */
export function actorOf(user: UserInfo): Actor {
  const tenantId = (user as TeamsUser).tenantId;
  const id = user.aadObjectId || user.id;
  const aliases = user.aadObjectId && user.id && user.id !== user.aadObjectId ? [user.id] : [];
  return { id, name: user.name ?? user.aadObjectId ?? user.id, ...(tenantId ? { tenantId } : {}), ...(aliases.length > 0 ? { aliases } : {}) };
}
