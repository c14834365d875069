/**
 * The REST API versions the sandbox serves: 50.0 (Winter '21) to 66.0 (Spring '26), the range a current
 * org answers at /services/data with release names. Older versions are retired for the sandbox.
 */

const RELEASES = ["Winter '21", "Spring '21", "Summer '21", "Winter '22", "Spring '22", "Summer '22", "Winter '23", "Spring '23",
  "Summer '23", "Winter '24", "Spring '24", "Summer '24", "Winter '25", "Spring '25", "Summer '25", "Winter '26", "Spring '26"];

/** One entry of GET /services/data. */
export interface ApiVersion {
  label: string;
  url: string;
  version: string;
}

export const API_VERSIONS: readonly ApiVersion[] = RELEASES.map((label, i) => {
  const version = `${50 + i}.0`;
  return { label, url: `/services/data/v${version}`, version };
});

const KNOWN = new Set(API_VERSIONS.map((v) => v.version));

/** The version number of a path segment like "v62.0", or undefined when the org does not serve it. */
export function parseVersionSegment(segment: string): string | undefined {
  const match = /^v(\d+\.\d)$/.exec(segment);
  return match?.[1] && KNOWN.has(match[1]) ? match[1] : undefined;
}
