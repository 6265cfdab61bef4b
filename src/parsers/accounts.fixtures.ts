import type { ParserFixtures } from './fixture.ts';

export const ACCOUNTS_FIXTURES: ParserFixtures = { matching: [], nonMatching: [] };
