import type { ParserFixtures } from './fixture.ts';

export const SU_FIXTURES: ParserFixtures = { matching: [], nonMatching: [] };
