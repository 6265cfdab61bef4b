import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSystems, systemsText } from './systems-text.ts';

test('R-ACCESS-1: typed systems become a list; nothing typed means every system of the role', () => {
  assert.deepEqual(parseSystems(' web, db ,,'), ['web', 'db']);
  assert.equal(parseSystems(''), undefined);
  assert.equal(parseSystems(' , '), undefined);
});

test('systems read as a list, or as the role’s when not limited', () => {
  assert.equal(systemsText(['web', 'db']), 'web, db');
  assert.equal(systemsText(undefined), 'all of the role');
});
