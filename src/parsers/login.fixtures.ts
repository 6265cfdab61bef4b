import type { ParserFixtures } from './fixture.ts';

export const LOGIN_FIXTURES: ParserFixtures = { matching: [], nonMatching: [] };
