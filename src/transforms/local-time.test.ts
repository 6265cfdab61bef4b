// Zone arithmetic for zoneless timestamps (R-FIELDS-2): a wall clock read in an IANA zone, across
// daylight-saving changes, half-hour zones and the year a BSD timestamp does not name.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bsdInstantInZone, wallClockInstant, zoneOffsetMs } from './local-time.ts';

/** A wall-clock time written as ISO without a zone, held as epoch ms read as UTC. */
const wall = (text: string): number => Date.parse(`${text}Z`);
const inZone = (zone: string, text: string): string => new Date(wallClockInstant(wall(text), zone)).toISOString();

describe('wallClockInstant: a zoneless wall clock read in a zone (R-FIELDS-2)', () => {
  test('Europe/Berlin: +01:00 in winter, +02:00 in summer', () => {
    assert.equal(inZone('Europe/Berlin', '2026-01-15T12:00:00'), '2026-01-15T11:00:00.000Z');
    assert.equal(inZone('Europe/Berlin', '2026-07-15T12:00:00.250'), '2026-07-15T10:00:00.250Z');
  });

  test('America/New_York: −05:00 in winter, −04:00 in summer', () => {
    assert.equal(inZone('America/New_York', '2026-12-01T11:00:00'), '2026-12-01T16:00:00.000Z');
    assert.equal(inZone('America/New_York', '2026-06-01T11:00:00'), '2026-06-01T15:00:00.000Z');
  });

  test('Asia/Kolkata +05:30 and Asia/Kathmandu +05:45: offsets that are not whole hours', () => {
    assert.equal(inZone('Asia/Kolkata', '2026-01-15T12:00:00'), '2026-01-15T06:30:00.000Z');
    assert.equal(inZone('Asia/Kathmandu', '2026-01-15T12:00:00'), '2026-01-15T06:15:00.000Z');
  });

  test('a gap (clocks go forward: Berlin 2026-03-29 02:00→03:00): a time in it is read with the offset before, landing after the gap', () => {
    assert.equal(inZone('Europe/Berlin', '2026-03-29T01:59:59'), '2026-03-29T00:59:59.000Z');
    assert.equal(inZone('Europe/Berlin', '2026-03-29T02:30:00'), '2026-03-29T01:30:00.000Z', '02:30 does not exist: it is 03:30 CEST');
    assert.equal(inZone('Europe/Berlin', '2026-03-29T03:00:00'), '2026-03-29T01:00:00.000Z');
    // New York skips 02:00–03:00 on 2026-03-08.
    assert.equal(inZone('America/New_York', '2026-03-08T02:15:00'), '2026-03-08T07:15:00.000Z');
  });

  test('an overlap (clocks go back: Berlin 2026-10-25 03:00→02:00): the earlier instant, still in summer time', () => {
    assert.equal(inZone('Europe/Berlin', '2026-10-25T02:30:00'), '2026-10-25T00:30:00.000Z');
    assert.equal(inZone('Europe/Berlin', '2026-10-25T03:00:00'), '2026-10-25T02:00:00.000Z');
    assert.equal(inZone('America/New_York', '2026-11-01T01:30:00'), '2026-11-01T05:30:00.000Z', 'the first 01:30, EDT');
  });

  test('UTC and Etc zones are the wall clock itself', () => {
    assert.equal(inZone('UTC', '2026-03-29T02:30:00'), '2026-03-29T02:30:00.000Z');
    assert.equal(inZone('Etc/GMT+3', '2026-03-29T02:30:00'), '2026-03-29T05:30:00.000Z');
  });

  test('zoneOffsetMs is the same computed or cached, either side of a change', () => {
    const change = Date.parse('2026-03-29T01:00:00Z');
    for (let round = 0; round < 2; round++) {
      assert.equal(zoneOffsetMs('Europe/Berlin', change - 1), 3_600_000);
      assert.equal(zoneOffsetMs('Europe/Berlin', change), 7_200_000);
    }
  });
});

describe('bsdInstantInZone: the year a BSD timestamp lacks, chosen in the sender’s zone (R-FIELDS-2)', () => {
  const bsd = (wallText: string, received: string, zone: string): string => new Date(bsdInstantInZone(wall(wallText), Date.parse(received), zone)).toISOString();

  test('New Year in Tokyo while it is still the old year in UTC: the new year', () => {
    // "Jan  1 00:30:00" from Tokyo arrives at 2026-12-31T15:30Z; the parser chose 2026 (the UTC year).
    assert.equal(bsd('2026-01-01T00:30:00', '2026-12-31T15:30:00Z', 'Asia/Tokyo'), '2026-12-31T15:30:00.000Z');
  });

  test('New Year’s Eve in New York while it is already the new year in UTC: the old year', () => {
    assert.equal(bsd('2026-12-31T23:30:00', '2027-01-01T04:30:05Z', 'America/New_York'), '2027-01-01T04:30:00.000Z');
  });

  test('a December event received in January is still last year’s', () => {
    assert.equal(bsd('2027-12-20T10:00:00', '2027-01-05T10:00:00Z', 'Europe/Berlin'), '2026-12-20T09:00:00.000Z');
  });

  test('29 February: the year before when the receipt’s year has none; the parser’s year when neither has', () => {
    // Received 2029-01-01T01:00Z, 2029 in Berlin: no 2029-02-29, so 2028's.
    assert.equal(bsd('2028-02-29T12:00:00', '2029-01-01T01:00:00Z', 'Europe/Berlin'), '2028-02-29T11:00:00.000Z');
    // Received 2029-12-31T20:00Z, already 2030 in Tokyo: neither 2030 nor 2029 has one; the parser chose 2028.
    assert.equal(bsd('2028-02-29T12:00:00', '2029-12-31T20:00:00Z', 'Asia/Tokyo'), '2028-02-29T03:00:00.000Z');
  });
});
