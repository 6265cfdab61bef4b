import type { ParserFixtures } from './fixture.ts';

export const CRON_FIXTURES: ParserFixtures = { matching: [], nonMatching: [] };
