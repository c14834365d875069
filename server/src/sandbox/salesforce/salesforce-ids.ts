/**
 * Salesforce record ids: 15 case-sensitive base-62 characters (3-character key prefix naming the
 * object, 2-character instance, a reserved 0, a 9-character sequence) plus the 3-character
 * case-insensitive checksum suffix that makes the 18-character form.
 */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const INSTANCE = '5g';
const ID_PATTERN = /^[A-Za-z0-9]{15}(?:[A-Za-z0-5]{3})?$/;

/** The three-character checksum Salesforce appends: one character per 5-character chunk, a bit per upper-case letter. */
function checksum(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET[bits];
  }
  return suffix;
}

function base62(n: number, width: number): string {
  let out = '';
  let rest = Math.floor(n);
  while (rest > 0) {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out.padStart(width, '0');
}

/** The 18-character id with `prefix` and sequence number `n`. */
export function salesforceId(prefix: string, n: number): string {
  const id15 = `${prefix}${INSTANCE}0${base62(n, 9)}`;
  return id15 + checksum(id15);
}

/** The sequence number an id made by `salesforceId` carries (NaN for ids of another shape). */
export function idSequence(id: string): number {
  let n = 0;
  for (const c of id.slice(6, 15)) {
    const digit = BASE62.indexOf(c);
    if (digit < 0) return Number.NaN;
    n = n * 62 + digit;
  }
  return n;
}

/**
 * The 18-character form of a 15- or 18-character id, or undefined when it is not a well-formed id
 * (wrong length or characters, or an 18-character id whose suffix does not match).
 */
export function normaliseId(text: string): string | undefined {
  if (!ID_PATTERN.test(text)) return undefined;
  const id15 = text.slice(0, 15);
  const full = id15 + checksum(id15);
  if (text.length === 18 && text.slice(15).toUpperCase() !== full.slice(15)) return undefined;
  return full;
}

/** The key prefix of an id (its first three characters). */
export function keyPrefixOf(id: string): string {
  return id.slice(0, 3);
}
