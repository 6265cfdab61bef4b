// `access.users` in the configuration: password policy, lockout and session timeouts of signed-in users.
//
// SCAFFOLD (issue 13): the users helper defines these.
import { z } from 'zod';

export const signInSchema = z.object({}).strict().prefault({});
