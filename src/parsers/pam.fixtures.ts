import type { ParserFixtures } from './fixture.ts';

export const PAM_FIXTURES: ParserFixtures = { matching: [], nonMatching: [] };
