// `access.oidc` in the configuration: single sign-on through an OpenID Connect provider.
//
// SCAFFOLD (issue 13): the OIDC helper defines these; absent means no single sign-on.
import { z } from 'zod';

export const oidcSchema = z.object({}).strict().optional();
