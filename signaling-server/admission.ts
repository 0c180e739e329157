// Who may open a WebSocket: a cap on connections in total and per IP address, and an origin allow-list for
// browsers. Caps are counted per TCP socket, before any request is read, so a refused client costs no HTTP or
// WebSocket state.
export interface AdmissionLimits {
  readonly maxConnections: number;
  readonly maxConnectionsPerIp: number;
  /** Browser origins allowed to connect; null allows any (desktop apps and bots send no Origin header). */
  readonly allowedOrigins: readonly string[] | null;
}

export type AdmissionVerdict =
  | { readonly admitted: true; readonly release: () => void }
  | { readonly admitted: false; readonly status: 403 | 503; readonly reason: string };

export interface Admission {
  /** Counts a new TCP connection against the caps; call its `release` when the socket closes. */
  admit(request: { readonly ip: string; readonly origin?: string | undefined }): AdmissionVerdict;
  /** Whether a WebSocket upgrade from this browser origin (undefined: not a browser) is allowed. */
  originAllowed(origin: string | undefined): boolean;
  readonly open: number;
}

export const createAdmission = (limits: AdmissionLimits): Admission => {
  const perIp = new Map<string, number>();
  let open = 0;
  return {
    get open() {
      return open;
    },
    originAllowed: (origin) =>
      origin === undefined || limits.allowedOrigins === null || limits.allowedOrigins.includes(origin),
    admit({ ip, origin }) {
      if (origin !== undefined && limits.allowedOrigins !== null && !limits.allowedOrigins.includes(origin)) {
        return { admitted: false, status: 403, reason: 'origin not allowed' };
      }
      if (open >= limits.maxConnections) {
        return { admitted: false, status: 503, reason: 'server at its connection limit' };
      }
      const fromIp = perIp.get(ip) ?? 0;
      if (fromIp >= limits.maxConnectionsPerIp) {
        return { admitted: false, status: 503, reason: 'too many connections from this address' };
      }
      open += 1;
      perIp.set(ip, fromIp + 1);
      let released = false;
      return {
        admitted: true,
        release: () => {
          if (released) {
            return;
          }
          released = true;
          open -= 1;
          const remaining = (perIp.get(ip) ?? 1) - 1;
          if (remaining === 0) {
            perIp.delete(ip);
          } else {
            perIp.set(ip, remaining);
          }
        },
      };
    },
  };
};
