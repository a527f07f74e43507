/**
 * Which login flow to use: the browser flow (Authorization Code + PKCE with a
 * loopback callback) where a browser on this machine can reach us, else the
 * device flow (RFC 8628). Pure: a function of the flags, the OS, the
 * environment and whether the callback port could be bound.
 * @module
 */

/** The login flows. */
export type LoginFlow = "browser" | "device";

/** A chosen flow and why, for the one status line that announces it. */
export interface FlowChoice {
  flow: LoginFlow;
  reason: string;
}

/** What the choice depends on. */
export interface FlowFacts {
  /** `--device` was given. */
  forceDevice: boolean;
  os: typeof Deno.build.os;
  env(name: string): string | undefined;
  callbackPort: number;
  /**
   * Whether the loopback callback port could be bound. Callers ask with
   * `true` first and bind only when the browser flow is still chosen.
   */
  portAvailable: boolean;
}

function isSet(env: FlowFacts["env"], name: string): boolean {
  return (env(name) ?? "") !== "";
}

/**
 * Chooses the login flow, in this order: `--device`; an SSH session without a
 * display (SSH_TTY, SSH_CLIENT or SSH_CONNECTION set, DISPLAY and
 * WAYLAND_DISPLAY unset); a Unix-like system other than macOS without a
 * display; an unavailable callback port; otherwise the browser flow.
 *
 * @param facts Flags, OS, environment, port availability.
 * @returns The flow and the reason.
 */
export function selectLoginFlow(facts: FlowFacts): FlowChoice {
  const { env } = facts;
  if (facts.forceDevice) return { flow: "device", reason: "--device was given" };
  const hasDisplay = isSet(env, "DISPLAY") || isSet(env, "WAYLAND_DISPLAY");
  const ssh = ["SSH_TTY", "SSH_CLIENT", "SSH_CONNECTION"].find((name) => isSet(env, name));
  if (ssh && !hasDisplay) {
    return { flow: "device", reason: `SSH session without a display (${ssh} is set)` };
  }
  const desktopOs = facts.os === "darwin" || facts.os === "windows";
  if (!desktopOs && !hasDisplay) {
    return { flow: "device", reason: "no display (DISPLAY and WAYLAND_DISPLAY are unset)" };
  }
  if (!facts.portAvailable) {
    return {
      flow: "device",
      reason: `callback port ${facts.callbackPort} is not available on loopback`,
    };
  }
  return {
    flow: "browser",
    reason: ssh
      ? `SSH session with a display, callback port ${facts.callbackPort}`
      : `browser available, callback port ${facts.callbackPort}`,
  };
}
