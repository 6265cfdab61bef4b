// `access.masking` in the configuration: the masking profiles roles name (masking.ts).
//
// SCAFFOLD (issue 13): the masking helper defines the profiles' shape; `third-party` is built in.
import { z } from 'zod';

export const maskingSchema = z.object({}).strict().prefault({});
