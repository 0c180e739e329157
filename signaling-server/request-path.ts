// The path of an HTTP request target, or null when the target is no URL at all: `//` and `/\` fail to parse, and a
// throw in the upgrade handler would end the process for everyone (one unauthenticated request sufficed).
const BASE = 'http://placeholder';

export const requestPath = (target: string | undefined): string | null => {
  const url = target ?? '/';
  return URL.canParse(url, BASE) ? new URL(url, BASE).pathname : null;
};
