import { loginProgress } from "../../src/ui/login_progress.ts";
import { StatusRenderer } from "../../src/ui/status_renderer.ts";
import type { LoginEvent } from "../../src/usecases/login.ts";
import { assertEquals } from "../support/assert.ts";

const NOW = 1_000_000;

/** The plain-mode stderr text of a sequence of events. */
async function shown(events: LoginEvent[]): Promise<string> {
  let text = "";
  const status = new StatusRenderer({
    sink: { write: (t) => (text += t) },
    mode: { interactive: false, color: false },
    now: () => NOW,
  });
  const progress = loginProgress(status, { qr: true, now: () => NOW, store: "memory" });
  for (const event of events) await progress.show(event);
  return text;
}

Deno.test("loginProgress() tells a refresh, its failure and a token refreshed elsewhere apart", async () => {
  assertEquals(
    await shown([
      { type: "refreshing", expired: true, machine: false },
      { type: "stored_token_ready", refreshed: true, validForMs: 60_000 },
      { type: "refreshing", expired: false, machine: false },
      { type: "refresh_failed", reason: "timeout", usingExisting: true },
      { type: "stored_token_ready", refreshed: false, validForMs: 30_000 },
      { type: "refreshing", expired: false, machine: true },
      { type: "stored_token_ready", refreshed: false, validForMs: 5_000 },
      { type: "stored_token_ready", refreshed: false, validForMs: 2_000 },
    ]),
    [
      "Access token expired, refreshing...",
      "Expired token refreshed (valid for 1m 0s)",
      "Access token nearing expiry, refreshing proactively...",
      "Refresh failed: timeout",
      "Warning: using the existing token, still valid for 30s",
      "Requesting a token with the client credentials (RFC 6749 4.4)...",
      "Token refreshed by another authgate process (valid for 5s)",
      "Stored token is valid for 2s",
      "",
    ].join("\n"),
  );
});

Deno.test("loginProgress() shows the device code as server text, and no QR code in plain mode", async () => {
  assertEquals(
    await shown([
      {
        type: "device_code",
        url: "https://id.example/device?code=AB",
        uri: "https://id.example/device",
        complete: true,
        userCode: "AB\x1b[2JCD",
      },
      { type: "approval_waiting", deadline: NOW + 90_000 },
      { type: "wait_ended" },
      { type: "login_needed", message: "no stored token" },
    ]),
    [
      "To log in, open this URL in a browser on any device:",
      "  https://id.example/device?code=AB",
      "or open https://id.example/device and enter the code AB[2JCD",
      "Waiting for approval... (1m 30s left)",
      "No stored token; logging in.",
      "",
    ].join("\n"),
  );
});
