// Decides which URLs may be handed to the OS browser: plain http(s) web pages, nothing that could launch a
// local program or smuggle credentials.
const MAX_EXTERNAL_URL_LENGTH = 2048;

export const isSafeExternalUrl = (url: string): boolean => {
  if (url.length > MAX_EXTERNAL_URL_LENGTH) {
    return false;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    (parsed.protocol === 'https:' || parsed.protocol === 'http:') &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.hostname !== ''
  );
};
