// alfred-ajv.mjs: what Ajv (draft 2020-12) needs to check Alfred events exactly as the
// alfred-event-contracts toolkit does. No dependencies; Node 18+ or any modern runtime.
//
//   import Ajv2020 from "ajv/dist/2020.js";
//   import { formats, keywords } from "./alfred-ajv.mjs";
//   const ajv = new Ajv2020({ strict: true, formats, keywords });
//
// * formats: uuid and date-time as the contract defines them. ajv-formats is looser
//   (it accepts urn:uuid: prefixes, a space instead of T, +0200 and +02 offsets, ...).
//   When you also use ajv-formats, call addFormats(ajv) first: ajv.addFormat replaces.
// * keywords: the annotation keywords of the published schemas. Ajv's strict mode refuses
//   unknown keywords; these describe and never validate.
//
// This file mirrors src/alfred_contracts/engines/formats.py; tests/test_javascript.py
// proves that both give the same verdict on every case of the contract corpus.

/** The schema keywords of alfred-event-contracts that Ajv must know (annotations only). */
export const keywords = Object.freeze(["x-version", "x-lenient-also"]);

const UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;
const DATE_TIME =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]+)?(?:[Zz]|([+-])([0-9]{2}):([0-9]{2}))$/;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A UUID in the RFC 4122 text form: 8-4-4-4-12 hexadecimal digits joined by hyphens, any
 * case. No braces, no urn:uuid: prefix, no whitespace. Version bits are not checked.
 */
export function isUuid(value) {
  return typeof value === "string" && UUID.test(value);
}

function leapYear(year) {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/**
 * An RFC 3339 date-time: T and Z in either case, a zone offset required, fractional
 * seconds optional, a real calendar date, and second 60 (a leap second) only at 23:59:60
 * UTC. Nothing may follow the offset, not even a newline.
 */
export function isDateTime(value) {
  if (typeof value !== "string") return false;
  const m = DATE_TIME.exec(value);
  if (m === null) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (month < 1 || month > 12) return false;
  const last = month === 2 && leapYear(year) ? 29 : DAYS[month - 1];
  if (day < 1 || day > last) return false;
  if (hour > 23 || minute > 59) return false;
  let offset = 0;
  if (m[7] !== undefined) {
    const offHour = Number(m[8]);
    const offMinute = Number(m[9]);
    if (offHour > 23 || offMinute > 59) return false;
    offset = (offHour * 60 + offMinute) * (m[7] === "+" ? 1 : -1);
  }
  if (second > 60) return false;
  if (second === 60) {
    const utc = (((hour * 60 + minute - offset) % 1440) + 1440) % 1440;
    if (utc !== 23 * 60 + 59) return false;
  }
  return true;
}

/** Format definitions for Ajv's `formats` option or `ajv.addFormat(name, definition)`. */
export const formats = Object.freeze({
  uuid: Object.freeze({ type: "string", validate: isUuid }),
  "date-time": Object.freeze({ type: "string", validate: isDateTime }),
});

/** Add the formats and keywords to an existing Ajv instance; returns it. */
export function addAlfredVocabulary(ajv) {
  for (const [name, definition] of Object.entries(formats)) ajv.addFormat(name, definition);
  for (const keyword of keywords) {
    if (!ajv.getKeyword(keyword)) ajv.addKeyword(keyword);
  }
  return ajv;
}
