import type { ParserFixtures } from './fixture.ts';

export const CEF_FIXTURES: ParserFixtures = { matching: [], nonMatching: [] };
