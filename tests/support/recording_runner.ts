/**
 * A recording fake of the keyring helper runner: it keeps every request and
 * answers from a script, so backend tests see exactly what would be run.
 * @module
 */

import type {
  HelperRequest,
  HelperResult,
  HelperRunner,
} from "../../src/platform/keyring/helper_process.ts";

/** A fake runner and what it was asked. */
export interface RecordingRunner {
  run: HelperRunner;
  requests: HelperRequest[];
}

/**
 * Builds a runner answering each request with `answer(request)`.
 *
 * @param answer The scripted answer (may throw, like the real runner).
 * @returns The runner and its log.
 */
export function recordingRunner(
  answer: (request: HelperRequest) => Partial<HelperResult>,
): RecordingRunner {
  const requests: HelperRequest[] = [];
  return {
    requests,
    run: (request) => {
      requests.push(request);
      try {
        return Promise.resolve({ code: 0, stdout: "", stderr: "", ...answer(request) });
      } catch (error) {
        return Promise.reject(error);
      }
    },
  };
}
