/**
 * The long connection's ClientConfig: how often to ping, how to reconnect. The endpoint hands it
 * out with the URL, and every pong carries it again (the platform may change it while connected).
 * On the wire in seconds; here in milliseconds.
 */

export interface ClientConfig {
  pingIntervalMs: number;
  /** Reconnect attempts after a drop before giving up; -1: forever. */
  reconnectCount: number;
  /** The wait between two failed attempts. */
  reconnectIntervalMs: number;
  /** The most of the random wait before the first attempt, so that clients dropped together do not return together. */
  reconnectNonceMs: number;
}

/** The official SDKs' defaults, for as long as the platform has not said otherwise. */
export const DEFAULT_CLIENT_CONFIG: ClientConfig = {
  pingIntervalMs: 120_000,
  reconnectCount: -1,
  reconnectIntervalMs: 120_000,
  reconnectNonceMs: 30_000,
};

/** A ping interval below this would be a storm of pings: the platform never asks for one. */
const MIN_PING_INTERVAL_MS = 1_000;

/**
 * `base` with the fields of a ClientConfig object (`PingInterval`, `ReconnectCount`,
 * `ReconnectInterval`, `ReconnectNonce`, in seconds) that hold a sensible number; the others keep
 * their value in `base`.
 */
export function readClientConfig(value: unknown, base: ClientConfig): ClientConfig {
  if (typeof value !== 'object' || value === null) return base;
  const fields = value as Record<string, unknown>;
  const seconds = (name: string, min: number): number | undefined => {
    const field = fields[name];
    return typeof field === 'number' && Number.isFinite(field) && field >= min ? field * 1000 : undefined;
  };
  const count = fields.ReconnectCount;
  return {
    pingIntervalMs: Math.max(MIN_PING_INTERVAL_MS, seconds('PingInterval', Number.MIN_VALUE) ?? base.pingIntervalMs),
    reconnectCount: typeof count === 'number' && Number.isInteger(count) && count >= -1 ? count : base.reconnectCount,
    reconnectIntervalMs: seconds('ReconnectInterval', 0) ?? base.reconnectIntervalMs,
    reconnectNonceMs: seconds('ReconnectNonce', 0) ?? base.reconnectNonceMs,
  };
}

export function sameClientConfig(a: ClientConfig, b: ClientConfig): boolean {
  return (
    a.pingIntervalMs === b.pingIntervalMs &&
    a.reconnectCount === b.reconnectCount &&
    a.reconnectIntervalMs === b.reconnectIntervalMs &&
    a.reconnectNonceMs === b.reconnectNonceMs
  );
}
