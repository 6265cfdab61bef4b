import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RULE_LEVELS } from '../../../detection/rule.ts';
import { alertsByDetection, detectionFiltersFrom, LEVELS } from './detection-filters.ts';

test('the UI’s levels are the rules’ levels (the browser cannot import them)', () => {
  assert.deepEqual(LEVELS, RULE_LEVELS);
});

test('detection filters from the URL: rule, system, level and range, blank ones left out', () => {
  assert.deepEqual(detectionFiltersFrom(new URLSearchParams('rule=SSH%20brute&level=high&system=&from=now-7d&state=open')), { rule: 'SSH brute', level: 'high', from: 'now-7d' });
});

test('each detection maps to the alert that holds it', () => {
  const map = alertsByDetection([
    { id: 'alert-1', detections: ['d1', 'd2'] },
    { id: 'alert-2', detections: ['d3'] },
  ]);
  assert.equal(map.get('d2'), 'alert-1');
  assert.equal(map.get('d3'), 'alert-2');
  assert.equal(map.get('d4'), undefined);
});
