import type { ParserFixtures } from './fixture.ts';

export const WEB_ACCESS_FIXTURES: ParserFixtures = { matching: [], nonMatching: [] };
