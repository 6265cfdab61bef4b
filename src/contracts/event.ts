// An event as the API presents it (src/schema/present.ts): ECS dotted names, times as
// `YYYY-MM-DDTHH:mm:ss.SSSZ`, labels as a string map, absent fields left out. Pure.
import { z } from 'zod';

// Arrays are allowed already: ECS `event.category` and `event.type` become string arrays (issue 10),
// and a client that refused them would break on the first event that has one.
export const publicFieldValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()).readonly(), z.record(z.string(), z.string())]);
export const publicEvent = z.record(z.string(), publicFieldValue);
export type PublicEventContract = z.infer<typeof publicEvent>;
