// Request parameters are checked against the contracts (src/contracts/); every problem is named.
export { parseRequest as parseParams } from '../contracts/parse.ts';
