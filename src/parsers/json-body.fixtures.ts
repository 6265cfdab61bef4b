import type { ParserFixtures } from './fixture.ts';

export const JSON_BODY_FIXTURES: ParserFixtures = { matching: [], nonMatching: [] };
