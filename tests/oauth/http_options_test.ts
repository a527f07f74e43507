import { ENV_NAMES } from "../../src/config/env_names.ts";
import type { Timeouts } from "../../src/config/network_settings.ts";
import { configuredTimeout } from "../../src/oauth/http_options.ts";
import { assert, assertEquals } from "../support/assert.ts";

const TIMEOUTS: Timeouts = {
  callback: 1,
  tokenExchange: 2,
  tokenVerification: 3,
  refreshToken: 4,
  deviceCodeRequest: 5,
  userinfo: 6,
  discovery: 7,
  revocation: 8,
};

Deno.test("configuredTimeout() names the variable that sets each timeout", () => {
  assertEquals(configuredTimeout(TIMEOUTS, "refreshToken"), {
    ms: 4,
    setting: "REFRESH_TOKEN_TIMEOUT",
  });
  assertEquals(configuredTimeout(TIMEOUTS, "discovery").setting, "DISCOVERY_TIMEOUT");
  for (const key of Object.keys(TIMEOUTS) as (keyof Timeouts)[]) {
    const { ms, setting } = configuredTimeout(TIMEOUTS, key);
    assertEquals(ms, TIMEOUTS[key]);
    assert(ENV_NAMES.includes(setting), `${key}: ${setting}`);
  }
});
