/**
 * Go-style durations (`90s`, `5m`, `1h30m`, `500ms`), the syntax the Go
 * authgate-cli and its users' environment files already use.
 * @module
 */

// Whole nanoseconds, as Go computes: "2.01m" is exactly 120.6 s.
const UNIT_NS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  "µs": 1_000n,
  "μs": 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const PART = /(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/y;

/**
 * Parses a Go duration string into milliseconds.
 *
 * @param text A duration such as `90s`, `1h30m`, `-5m` or `0`.
 * @returns The duration in milliseconds, or `undefined` when `text` is not a duration.
 * @example
 * ```ts
 * parseDuration("1h30m"); // 5_400_000
 * ```
 */
export function parseDuration(text: string): number | undefined {
  let rest = text.trim();
  let sign = 1;
  if (rest.startsWith("-") || rest.startsWith("+")) {
    sign = rest.startsWith("-") ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === "0") return 0;
  if (rest === "") return undefined;
  let totalNs = 0n;
  PART.lastIndex = 0;
  while (PART.lastIndex < rest.length) {
    const match = PART.exec(rest);
    const [, whole = "", fraction = "", unit] = match ?? [];
    if (!match || (whole === "" && fraction === "")) return undefined;
    const scale = 10n ** BigInt(fraction.length);
    totalNs += BigInt(whole || "0") * UNIT_NS[unit] +
      BigInt(fraction || "0") * UNIT_NS[unit] / scale;
  }
  return sign * Number(totalNs) / 1e6;
}

/**
 * Formats milliseconds as a Go-style duration, most significant units first
 * (`1h30m`, `5m`, `1.5s`, `250ms`), for messages and help text.
 *
 * @param ms A duration in milliseconds.
 * @returns The formatted duration.
 */
export function formatDuration(ms: number): string {
  if (ms === 0) return "0s";
  const sign = ms < 0 ? "-" : "";
  let rest = Math.abs(ms);
  if (rest < 1_000) return `${sign}${rest}ms`;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = rest / 1_000;
  return sign + (hours ? `${hours}h` : "") + (minutes ? `${minutes}m` : "") +
    (seconds ? `${Number(seconds.toFixed(3))}s` : "");
}

/**
 * Formats a remaining duration for humans: `29m 59s`, `45s`, `1h 5m`.
 * Seconds are rounded up, so a countdown reaches `0s` only at the end.
 *
 * @param ms Milliseconds (negative counts as zero).
 */
export function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s}s`;
  return `${s}s`;
}
