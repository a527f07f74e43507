/**
 * The main flow's presentation: its progress events turned into status lines,
 * spinners and the device flow's QR code, and its result into the summary.
 * The wording lives here; the use case (src/usecases/login.ts) only reports.
 * @module
 */

import { formatDuration, formatRemaining } from "../config/duration.ts";
import { serverText } from "../text/server_text.ts";
import type { LoginEvent, LoginResult } from "../usecases/login.ts";
import { describeUser, formatLoginSummary } from "./login_summary.ts";
import { renderQrCode } from "./qr_code.ts";
import type { StatusRenderer, StatusStep } from "./status_renderer.ts";

/** The most characters of a device flow user code shown (RFC 8628 codes are about 8). */
const USER_CODE_LIMIT = 64;

/** What the presentation needs besides the renderer. */
export interface LoginProgressOptions {
  /** Draw the verification URL as a QR code (interactive terminals; `--no-qr` turns it off). */
  qr: boolean;
  /** Terminal width for the QR code, when known. */
  columns?: number;
  now(): number;
  /** Where the token is stored, for the summary. */
  store: string;
}

/** Shows the main flow on a status renderer. */
export interface LoginProgress {
  /** Shows one progress event; a promise while a QR code is drawn. */
  show(event: LoginEvent): void | Promise<void>;
  /** Prints the summary of a successful flow. */
  summary(result: LoginResult): void;
}

/**
 * Builds the presentation of one main flow run.
 *
 * @param status Where to draw.
 * @param options QR code, width, clock, store description.
 * @returns The event and summary printers.
 */
export function loginProgress(
  status: StatusRenderer,
  options: LoginProgressOptions,
): LoginProgress {
  // The wait in progress and, for the stored token, how a refresh went.
  let step: StatusStep | undefined;
  let degraded = false;
  let refreshedWhat = "Token refreshed";
  const startStep = (text: string, deadline?: number) => {
    step = status.step(text, deadline === undefined ? {} : { deadline });
  };
  const endStep = (end: (current: StatusStep) => void) => {
    if (step) end(step);
    step = undefined;
  };

  const show = (event: LoginEvent): void | Promise<void> => {
    switch (event.type) {
      case "warning":
        return status.warning(event.message);
      case "machine_client":
        return status.line(
          "Machine client (Client Credentials grant): the token comes from the client's " +
            "own credentials, no browser or device code",
        );
      case "refreshing":
        if (event.machine) {
          refreshedWhat = "New token obtained with the client credentials";
          return startStep("Requesting a token with the client credentials (RFC 6749 4.4)");
        }
        refreshedWhat = event.expired ? "Expired token refreshed" : "Token refreshed proactively";
        return startStep(
          event.expired
            ? "Access token expired, refreshing"
            : "Access token nearing expiry, refreshing proactively",
        );
      case "refresh_failed":
        endStep((current) => current.fail(`Refresh failed: ${event.reason}`));
        degraded = event.usingExisting;
        return;
      case "stored_token_ready": {
        const left = formatRemaining(event.validForMs);
        if (event.refreshed) {
          endStep((current) => current.succeed(`${refreshedWhat} (valid for ${left})`));
        } else if (step) {
          endStep((current) =>
            current.succeed(`Token refreshed by another authgate process (valid for ${left})`)
          );
        } else if (degraded) status.warning(`using the existing token, still valid for ${left}`);
        else status.success(`Stored token is valid for ${left}`);
        degraded = false;
        refreshedWhat = "Token refreshed";
        return;
      }
      case "wait_ended":
        endStep((current) => current.end());
        degraded = false;
        refreshedWhat = "Token refreshed";
        return;
      case "login_needed": {
        const { message } = event;
        return status.line(`${message.charAt(0).toUpperCase()}${message.slice(1)}; logging in.`);
      }
      case "stored_token_rejected":
        return status.warning(
          event.machine
            ? `the server no longer accepts the stored token (${event.via}); requesting a new one`
            : `the server no longer accepts the ${event.source} token (${event.via}); logging in again`,
        );
      case "flow_chosen":
        return status.line(
          event.flow === "browser"
            ? `Using the browser flow (Authorization Code + PKCE): ${event.reason}`
            : `Using the device flow (RFC 8628): ${event.reason}`,
        );
      case "callback_refused":
        return status.warning(`${event.reason}; still waiting`);
      case "authorization_url_refused":
        return status.warning(`refusing to open the server's authorization URL: ${event.reason}`);
      case "browser_opening":
        status.line("Opening the browser to log in. If it does not open, visit:");
        return status.line(`  ${status.emphasis(event.url)}`);
      case "browser_waiting":
        return startStep("Waiting for the login in the browser", event.deadline);
      case "browser_timed_out":
        return endStep((current) =>
          current.fail(`No callback within ${formatDuration(event.timeoutMs)} (CALLBACK_TIMEOUT)`)
        );
      case "code_exchanged":
        return endStep((current) =>
          current.succeed("Authorization code received and exchanged for a token")
        );
      case "device_fallback":
        return status.line(`Switching to the device flow: ${event.reason}`);
      case "device_code_retry":
        return status.warning(
          `the device code request failed (${event.reason}); retrying in ${
            formatRemaining(event.delayMs)
          }`,
        );
      case "verification_uri_complete_ignored":
        return status.warning(`ignoring the server's verification_uri_complete: ${event.reason}`);
      case "foreign_verification_url":
        return status.warning(
          `the verification URL is on ${event.origin}, not on the server's origin ${event.serverOrigin}; open it only if you trust that site`,
        );
      case "device_code":
        return showDeviceCode(event);
      case "approval_waiting":
        return startStep("Waiting for approval", event.deadline);
      case "poll_slow_down":
        return status.warning(
          `the server asked to slow down (${event.cause}); polling every ${
            event.intervalMs / 1000
          }s`,
        );
      case "poll_retry":
        return status.warning(
          `polling failed (${event.reason}); retrying in ${formatRemaining(event.delayMs)}`,
        );
      case "login_approved":
        return endStep((current) => current.succeed("Login approved"));
      case "token_saved":
        return status.success("Token saved");
    }
  };

  /** The device code's URL, code and QR code; the code is server text. */
  const showDeviceCode = async (event: Extract<LoginEvent, { type: "device_code" }>) => {
    const userCode = serverText(event.userCode, USER_CODE_LIMIT);
    status.line("To log in, open this URL in a browser on any device:");
    status.line(`  ${status.emphasis(event.url)}`);
    if (event.complete) {
      status.line(`or open ${event.uri} and enter the code ${status.emphasis(userCode)}`);
    } else {
      status.line(`and enter the code ${status.emphasis(userCode)}`);
    }
    if (options.qr && status.mode.interactive) {
      const qr = await renderQrCode(event.url, {
        maxColumns: options.columns,
        color: status.mode.color,
      });
      if (qr) status.block(qr);
    }
  };

  const summary = ({ token, source, check, machine }: LoginResult) => {
    const { verification, userinfo } = check;
    const user = userinfo.ok ? describeUser(userinfo.claims) : undefined;
    const fromVerification = verification.status === "active"
      ? describeUser(verification.claims)
      : undefined;
    if (verification.status === "unknown") {
      status.warning(`the token could not be verified: ${verification.reason}`);
    }
    status.block(formatLoginSummary({
      source,
      token,
      now: options.now(),
      user: machine ?? user ?? fromVerification ??
        (userinfo.ok ? undefined : `(userinfo unavailable: ${userinfo.reason})`),
      verification: verification.status === "unknown"
        ? "not verified (no answer from the server)"
        : `${verification.status} (${verification.via})`,
      store: options.store,
    }));
  };

  return { show, summary };
}
