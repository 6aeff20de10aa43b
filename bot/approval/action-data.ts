// Validation of the data an approval card action brings (untrusted: Teams merges the card's inputs
// into it, and anyone can post an invoke). Only the opaque request id and the two inputs are read.
import { z } from 'zod';

/** Longest `action.data` accepted, as JSON characters. */
export const MAX_ACTION_DATA_CHARS = 4096;

const requestId = z.string().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);

const approveSchema = z.object({
  requestId,
  confirm: z.string().max(200).optional(),
  ack: z.union([z.string().max(10), z.boolean()]).optional(),
  // The start choice (Input.ChoiceSet / Input.Date / Input.Time); checked by services/schedule/start-choice.ts.
  startChoice: z.string().max(20).optional(),
  startDate: z.string().max(40).optional(),
  startTime: z.string().max(40).optional(),
});

const rejectSchema = z.object({ requestId, reason: z.string().max(500).optional() });

const refreshSchema = z.object({ requestId });

/** Parsed approve data. */
export type ApproveData = z.infer<typeof approveSchema>;
/** Parsed reject data. */
export type RejectData = z.infer<typeof rejectSchema>;
/** Parsed refresh data. */
export type RefreshData = z.infer<typeof refreshSchema>;

function parse<T>(schema: z.ZodType<T>, data: unknown): T | undefined {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return undefined;
  let size: number;
  try {
    size = JSON.stringify(data).length;
  } catch {
    return undefined;
  }
  if (size > MAX_ACTION_DATA_CHARS) return undefined;
  const r = schema.safeParse(data);
  return r.success ? r.data : undefined;
}

/** Approve data, or undefined when missing, malformed or oversized. */
export const parseApproveData = (data: unknown): ApproveData | undefined => parse(approveSchema, data);
/** Reject data, or undefined when missing, malformed or oversized. */
export const parseRejectData = (data: unknown): RejectData | undefined => parse(rejectSchema, data);
/** Refresh data, or undefined when missing, malformed or oversized. */
export const parseRefreshData = (data: unknown): RefreshData | undefined => parse(refreshSchema, data);
