import type { ParserFixtures } from './fixture.ts';

export const LOGFMT_FIXTURES: ParserFixtures = { matching: [], nonMatching: [] };
