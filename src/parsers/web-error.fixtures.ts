import type { ParserFixtures } from './fixture.ts';

export const WEB_ERROR_FIXTURES: ParserFixtures = { matching: [], nonMatching: [] };
