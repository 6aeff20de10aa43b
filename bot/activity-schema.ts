// The inbound activity as NetPilot reads it, validated at the HTTP edge (zod). Only the fields the
// bot uses are checked; anything else passes through untouched. A malformed activity never reaches
// the bot, so it can neither crash a turn nor make the bot post in chat.
import type { Activity } from 'botbuilder';
import { z } from 'zod';

/** The only invoke NetPilot answers (Universal Actions, `Action.Execute`). */
export const ADAPTIVE_CARD_ACTION_INVOKE = 'adaptiveCard/action';

/** `null` (which some senders write for "absent") reads as absent. `overwrite`, not `transform`: a
 * transform makes each field a pipe, and the fourteen of them made one check ~3x slower (~70 µs of
 * every turn); the value is the same. */
function nullAsAbsent<T>(value: T): T {
  return (value ?? undefined) as T;
}

/** An optional string; `null` reads as absent. */
const optionalString = z.string().nullish().overwrite(nullAsAbsent);
const requiredId = z.string().min(1, 'must be a non-empty string');

const httpUrl = z.string().refine((value) => {
  if (!URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === 'https:' || protocol === 'http:';
}, 'must be an http(s) URL');

const account = z.looseObject({
  id: requiredId,
  name: optionalString,
  aadObjectId: optionalString,
  role: optionalString,
});

const conversation = z.looseObject({
  id: requiredId,
  tenantId: optionalString,
  conversationType: optionalString,
  isGroup: z.boolean().nullish().overwrite(nullAsAbsent),
  name: optionalString,
});

const idObject = z.looseObject({ id: requiredId, name: optionalString });

const channelData = z.looseObject({
  tenant: idObject.nullish().overwrite(nullAsAbsent),
  channel: idObject.nullish().overwrite(nullAsAbsent),
  team: idObject.nullish().overwrite(nullAsAbsent),
  eventType: optionalString,
});

const entity = z
  .looseObject({ type: z.string(), text: optionalString, mentioned: z.unknown().optional() })
  .superRefine((e, ctx) => {
    if (e.type.toLowerCase() !== 'mention') return;
    const mentioned = account.safeParse(e.mentioned);
    if (!mentioned.success) ctx.addIssue({ code: 'custom', path: ['mentioned'], message: 'a mention needs `mentioned` with an id' });
  });

const membersList = z.array(idObject).nullish().overwrite(nullAsAbsent);

/** Fields every activity NetPilot serves carries (Teams always sends them). */
const baseActivity = z.looseObject({
  type: z.string().min(1).max(64),
  id: optionalString,
  channelId: requiredId,
  serviceUrl: httpUrl,
  from: account,
  recipient: account,
  conversation,
  locale: optionalString,
  replyToId: optionalString,
  text: optionalString,
  entities: z.array(entity).nullish().overwrite(nullAsAbsent),
  channelData: channelData.nullish().overwrite(nullAsAbsent),
  membersAdded: membersList,
  membersRemoved: membersList,
  name: optionalString,
});

const messageActivity = baseActivity
  .extend({ id: requiredId })
  .superRefine((a, ctx) => {
    const mentions = (a.entities ?? []).some((e) => e.type.toLowerCase() === 'mention');
    if (mentions && (a.text === undefined || a.text === null)) ctx.addIssue({ code: 'custom', path: ['text'], message: 'a message with mentions needs its text' });
  });

const cardActionValue = z.looseObject({
  action: z.looseObject({
    type: z.literal('Action.Execute'),
    verb: z.string().min(1).max(100),
    id: optionalString,
    data: z.unknown().optional(),
  }),
  trigger: optionalString,
});

const invokeActivity = baseActivity.extend({ id: requiredId, name: z.string().min(1).max(200), value: z.unknown().optional() });
const cardActionActivity = invokeActivity.extend({ value: cardActionValue });

/** What the edge decided about one JSON body. */
export type ActivityCheck =
  | { kind: 'ok'; activity: Activity }
  | { kind: 'malformed'; problems: string[] }
  | { kind: 'unsupported-invoke'; name: string };

function problemsOf(error: z.ZodError): string[] {
  return error.issues.slice(0, 10).map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'activity'}: ${issue.message}`);
}

function parsed<T>(result: z.ZodSafeParseResult<T>): ActivityCheck {
  if (!result.success) return { kind: 'malformed', problems: problemsOf(result.error) };
  return { kind: 'ok', activity: result.data as unknown as Activity };
}

/**
 * Validates a parsed JSON body as an activity: the common fields, then the message or invoke
 * shape. Invokes other than `adaptiveCard/action` are reported as unsupported (well-formed but
 * not served). Other activity types (conversationUpdate, installationUpdate, ...) pass with the
 * common fields checked. The returned activity has `null`s of optional fields removed.
 */
export function checkActivity(body: unknown): ActivityCheck {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return { kind: 'malformed', problems: ['activity: expected a JSON object (a Bot Framework activity)'] };
  }
  const type = (body as { type?: unknown }).type;
  if (type === 'message') return parsed(messageActivity.safeParse(body));
  if (type === 'invoke') {
    const invoke = invokeActivity.safeParse(body);
    if (!invoke.success) return parsed(invoke);
    if (invoke.data.name !== ADAPTIVE_CARD_ACTION_INVOKE) return { kind: 'unsupported-invoke', name: invoke.data.name };
    return parsed(cardActionActivity.safeParse(body));
  }
  return parsed(baseActivity.safeParse(body));
}

/** The fields inbound authentication reads, taken only when they have the right type. */
export function authenticationView(body: object): Partial<Activity> {
  const b = body as { channelId?: unknown; serviceUrl?: unknown; recipient?: unknown };
  const recipient = b.recipient && typeof b.recipient === 'object' ? (b.recipient as { id?: unknown; role?: unknown }) : undefined;
  return {
    channelId: typeof b.channelId === 'string' ? b.channelId : '',
    serviceUrl: typeof b.serviceUrl === 'string' ? b.serviceUrl : '',
    ...(recipient
      ? { recipient: { id: typeof recipient.id === 'string' ? recipient.id : '', name: '', role: typeof recipient.role === 'string' ? recipient.role : undefined } }
      : {}),
  };
}
