// WebSocket close codes of the signaling protocol v1 (docs/PROTOCOL.md, "Signaling"): the server closes with
// them and clients act on them, so both sides take them from here. 4000–4999 is the range RFC 6455 leaves to
// applications.

/** The connection did not register within the authentication timeout. */
export const AUTH_TIMEOUT_CLOSE_CODE = 4000;
/**
 * A newer registration of the same peer ID in the same realm took over. The closed client must not reconnect by
 * itself: the other place (a second tab, or the identity restored on another device) would be closed in turn,
 * and the two would take the ID from each other for ever.
 */
export const REPLACED_CLOSE_CODE = 4001;
export const REPLACED_REASON = 'replaced by a newer connection';
