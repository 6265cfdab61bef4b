import type { ParserFixtures } from './fixture.ts';

export const SELINUX_FIXTURES: ParserFixtures = { matching: [], nonMatching: [] };
