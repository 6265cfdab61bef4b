import type { ParserFixtures } from './fixture.ts';

export const SYSTEMD_FIXTURES: ParserFixtures = { matching: [], nonMatching: [] };
