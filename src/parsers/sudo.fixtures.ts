import type { ParserFixtures } from './fixture.ts';

export const SUDO_FIXTURES: ParserFixtures = { matching: [], nonMatching: [] };
