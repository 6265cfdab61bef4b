import type { ParserFixtures } from './fixture.ts';

export const LEEF_FIXTURES: ParserFixtures = { matching: [], nonMatching: [] };
