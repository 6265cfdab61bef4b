import type { ParserFixtures } from './fixture.ts';

export const KERNEL_FIREWALL_FIXTURES: ParserFixtures = { matching: [], nonMatching: [] };
